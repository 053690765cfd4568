/**
 * The link that opens a 1:1 chat with the bot in Teams (web, desktop or mobile app): a deep
 * link to a chat with its Bot Framework id (« 28:<MICROSOFT_APP_ID> »).
 */
export const botChatLink = (botId: string) => encodeURI(`https://teams.microsoft.com/l/chat/0/0?users=${botId}`);
