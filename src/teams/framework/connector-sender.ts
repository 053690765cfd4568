import { ConversationReference } from 'botbuilder';
import { MicrosoftAppCredentials } from 'botframework-connector';
import { MessageSender, SendResult } from '../../app/delivery/ports';

/**
 * Posts to the Bot Connector REST API with plain HTTP, so that every status code and
 * Retry-After reaches the dispatcher: the SDK's connector client retries on its own, which
 * would hide throttling and turn one send into several.
 */
export interface SenderOptions {
  /** null in local mode: no token (botbuilder does the same with an empty app id). */
  credentials: { appId: string; appPassword: string; tenantId?: string } | null;
  botId: string;
  timeoutMs?: number;
}

const asReference = (r: unknown) => r as Partial<ConversationReference>;
const base = (serviceUrl: string) => serviceUrl.replace(/\/+$/, '');

export class ConnectorSender implements MessageSender {
  private readonly appCredentials: MicrosoftAppCredentials | null;

  constructor(private readonly options: SenderOptions) {
    const c = options.credentials;
    this.appCredentials = c ? new MicrosoftAppCredentials(c.appId, c.appPassword, c.tenantId) : null;
  }

  conversationIdOf(reference: unknown): string | null {
    return asReference(reference).conversation?.id ?? null;
  }

  async send(reference: unknown, activity: Record<string, unknown>): Promise<SendResult> {
    const ref = asReference(reference);
    const url = `${base(ref.serviceUrl ?? '')}/v3/conversations/${encodeURIComponent(ref.conversation?.id ?? '')}/activities`;
    return this.call('POST', url, {
      type: 'message',
      ...activity,
      conversation: ref.conversation,
      from: ref.bot,
      recipient: ref.user,
    });
  }

  async update(reference: unknown, activityId: string, activity: Record<string, unknown>): Promise<SendResult> {
    const ref = asReference(reference);
    const url = `${base(ref.serviceUrl ?? '')}/v3/conversations/${encodeURIComponent(ref.conversation?.id ?? '')}/activities/${encodeURIComponent(activityId)}`;
    return this.call('PUT', url, {
      type: 'message',
      ...activity,
      id: activityId,
      conversation: ref.conversation,
      from: ref.bot,
    });
  }

  async openPersonalChat(serviceUrl: string, tenantId: string, teamsUserId: string) {
    const result = await this.call('POST', `${base(serviceUrl)}/v3/conversations`, {
      bot: { id: this.options.botId },
      members: [{ id: teamsUserId }],
      channelData: { tenant: { id: tenantId } },
      tenantId,
      isGroup: false,
    });
    if (result.status < 200 || result.status >= 300 || !result.activityId)
      return { status: result.status, reference: null };
    const reference: Partial<ConversationReference> = {
      serviceUrl,
      channelId: 'msteams',
      bot: { id: this.options.botId, name: '' },
      user: { id: teamsUserId, name: '' },
      conversation: { id: result.activityId, conversationType: 'personal', tenantId, isGroup: false, name: '' },
    };
    return { status: result.status, reference };
  }

  private async call(method: string, url: string, body: unknown): Promise<SendResult> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.appCredentials) headers.authorization = `Bearer ${await this.appCredentials.getToken()}`;
    const res = await fetch(url, {
      method,
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let id: string | null = null;
    try {
      id = text ? ((JSON.parse(text) as { id?: string }).id ?? null) : null;
    } catch {
      id = null;
    }
    return { status: res.status, retryAfter: res.headers.get('retry-after'), activityId: id };
  }
}
