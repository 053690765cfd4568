import { ActivityTypes, Storage, TurnContext } from 'botbuilder';
import { CentraleAdapter } from './adapter';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { CardJson } from './card-renderer';
import { CommandRouter } from './command-router';
import { errorCard } from './errors';
import { attach, sendCard } from './replies';
import { registerAnnounce } from './routes/announce';
import { registerChannelLink } from './routes/channel-link';
import { registerDelivery } from './routes/delivery';
import { registerGovernance } from './routes/governance';
import { notUnderstoodCard, registerHelp } from './routes/help';
import { onInstalled, rememberPersonalChat } from './routes/installation';
import { registerMeetings } from './routes/meetings';
import { registerBallots } from './routes/ballots';
import { registerCircuits } from './routes/circuits';
import { registerNeeds } from './routes/needs';
import { registerDisputes } from './routes/disputes';
import { registerSurveys } from './routes/surveys';
import { registerPrivacy } from './routes/privacy';
import { registerMembers } from './routes/members';
import { registerRoles } from './routes/roles';
import { BotDeps, Turn, openTurn } from './turn';
import { VerbRouter } from './verb-router';

export interface BotCredentials {
  appId: string;
  appPassword: string;
  appType: 'MultiTenant' | 'SingleTenant';
  tenantId?: string;
}

export interface Bot {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  verbs: VerbRouter;
  commands: CommandRouter;
}

/** Every feature registers its commands and card verbs here. */
export function buildRouters(): { commands: CommandRouter; verbs: VerbRouter } {
  const commands = new CommandRouter();
  const verbs = new VerbRouter();
  for (const register of [registerHelp, registerGovernance, registerChannelLink, registerMembers, registerRoles, registerAnnounce, registerDelivery, registerMeetings, registerBallots, registerCircuits, registerNeeds, registerDisputes, registerSurveys, registerPrivacy]) {
    register(commands, verbs);
  }
  return { commands, verbs };
}

const isCardAction = (c: TurnContext) => c.activity.type === ActivityTypes.Invoke && c.activity.name === 'adaptiveCard/action';

/**
 * The teams-ai Application. `credentials` null means local mode: botbuilder then accepts
 * unsigned requests, which main.ts allows only when BOT_MODE=local.
 */
export function createBot(deps: BotDeps, storage: Storage, credentials: BotCredentials | null, openIdMetadataUrl?: string): Bot {
  const adapter = new CentraleAdapter(credentials, openIdMetadataUrl);
  const app = new Application<TurnState>({
    adapter,
    botAppId: credentials?.appId ?? '',
    storage,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  const { commands, verbs } = buildRouters();

  const guarded = async (context: TurnContext, run: (turn: Turn) => Promise<void>, reply: (card: CardJson) => Promise<void>) => {
    let turn: Turn | null = null;
    try {
      turn = await openTurn(context, deps);
      await run(turn);
    } catch (e) {
      await reply(errorCard(e, deps.log));
    }
  };

  app.conversationUpdate('membersAdded', async (context) => {
    const botAdded = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient?.id);
    if (botAdded) await guarded(context, onInstalled, (card) => sendCard(context, card));
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    if (String(context.activity.action ?? '').startsWith('add')) {
      await guarded(context, onInstalled, (card) => sendCard(context, card));
    }
  });

  app.adaptiveCards.actionExecute(async (c) => isCardAction(c), async (context) => {
    let result: CardJson | undefined;
    await guarded(
      context,
      async (turn) => {
        const action = (context.activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
        result = await verbs.dispatch(turn, action.action?.verb, action.action?.data);
      },
      async (card) => {
        result = card;
      },
    );
    return result as never;
  });

  app.message(async () => true, async (context) => {
    await guarded(
      context,
      async (turn) => {
        await rememberPersonalChat(turn);
        const value = context.activity.value as { verb?: unknown } | undefined;
        if (value && typeof value === 'object' && 'verb' in value) {
          // Action.Submit (older cards, some clients): same verbs, answered as a new message.
          await context.sendActivity({ attachments: [attach(await verbs.dispatch(turn, value.verb, value))] });
          return;
        }
        const text = (context.activity.text ?? '').trim();
        const matched = commands.match(text);
        if (matched) await matched.handler(turn, matched.args);
        else await sendCard(context, await notUnderstoodCard(turn, text));
      },
      (card) => sendCard(context, card),
    );
  });

  app.error(async (context, error) => {
    deps.log.error('turn failed outside a handler', { error: error.stack ?? String(error) });
    const card = errorCard(error, deps.log);
    if (isCardAction(context)) {
      // Without an invoke response botbuilder answers 501 and Teams shows its own error.
      await context
        .sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } } })
        .catch(() => undefined);
      return;
    }
    await sendCard(context, card).catch(() => undefined);
  });

  return { adapter, app, verbs, commands };
}
