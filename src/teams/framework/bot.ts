import { ActivityTypes, TurnContext } from 'botbuilder';
import { BotCredentials, CentraleAdapter } from './adapter';
import { keyOf } from '../../domain/identity';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { CardJson } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { Failure, StorageNotReady, TurnTrace, failureOf, newCorrelationId } from '../errors';
import { attach, isForEveryone } from '../replies';
import { buildRouters } from '../routes';
import { answerSentence } from '../language/sentences';
import { onInstalled, rememberPersonalChat } from '../governance/installation';
import { conversationIdOf, identityOf, openTurn, sendCard } from './turn-context';
import { BotDeps, Turn } from '../turn';
import { BackLink, INVALID_CARD_DATA, VerbRouter, malformedCardAction } from '../verb-router';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';

export type { BotCredentials } from './adapter';

export interface Bot {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  verbs: VerbRouter;
  commands: CommandRouter;
  /** Runs one turn (what the HTTP endpoint calls). */
  run(context: TurnContext): Promise<void>;
}

/** The verb (card action) or first word (message) of a turn, for the logs. */
function verbOf(context: TurnContext): string {
  const a = context.activity;
  const value = (a.value ?? {}) as { action?: { verb?: unknown }; verb?: unknown };
  const verb = isCardAction(context) ? value.action?.verb : value.verb;
  if (typeof verb === 'string') return verb.slice(0, 60);
  if (a.type === ActivityTypes.Message) return (a.text ?? '').trim().split(/\s+/)[0]?.slice(0, 30) || '(vide)';
  return a.type ?? 'inconnu';
}

function traceOf(context: TurnContext): TurnTrace {
  const identity = identityOf(context);
  return {
    verb: verbOf(context),
    actorKey: identity ? keyOf(identity) : 'anonyme',
    conversationId: conversationIdOf(context),
    correlationId: newCorrelationId(),
  };
}

const isCardAction = (c: TurnContext) =>
  c.activity.type === ActivityTypes.Invoke && c.activity.name === 'adaptiveCard/action';
/** A card action teams-ai can route (its actionExecute throws on anything else). */
const isWellFormedCardAction = (c: TurnContext) => isCardAction(c) && malformedCardAction(c.activity.value) === null;

/**
 * The teams-ai Application. `credentials` null means local mode: botbuilder then accepts
 * unsigned requests, which main.ts allows only when BOT_MODE=local.
 */
export function createBot(deps: BotDeps, credentials: BotCredentials | null, openIdMetadataUrl?: string): Bot {
  const adapter = new CentraleAdapter(credentials, openIdMetadataUrl, (error) =>
    deps.log.error('Bot Framework signing keys unavailable', { error }),
  );
  const app = new Application<TurnState>({
    adapter,
    botAppId: credentials?.appId ?? '',
    // No storage: no handler keeps conversation or user state (everything lives in our own
    // containers), and teams-ai would otherwise read two state documents at every turn.
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  const { commands, verbs } = buildRouters();

  /** Runs a handler; a failure is answered through `reply` (a card, or a notice over a card action). */
  const guarded = async (
    context: TurnContext,
    run: (turn: Turn) => Promise<void>,
    reply: (failure: Failure) => Promise<void>,
  ) => {
    const trace = traceOf(context);
    try {
      const turn = await openTurn(context, deps, trace.correlationId);
      try {
        await run(turn);
      } finally {
        turn.end();
      }
    } catch (e) {
      await reply(failureOf(e, deps.log, trace));
    }
  };
  const replyWithCard = (context: TurnContext) => (failure: Failure) => sendCard(context, failure.card);

  app.conversationUpdate('membersAdded', async (context) => {
    const botAdded = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient?.id);
    if (botAdded) await guarded(context, onInstalled, replyWithCard(context));
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    if (String(context.activity.action ?? '').startsWith('add')) {
      await guarded(context, onInstalled, replyWithCard(context));
    }
  });

  app.adaptiveCards.actionExecute(
    async (c) => isWellFormedCardAction(c),
    async (context) => {
      let result: CardJson | string | undefined;
      const action = (context.activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
      await guarded(
        context,
        async (turn) => {
          result = await verbs.dispatch(turn, action.action?.verb, action.action?.data);
        },
        async (failure) => {
          // A refusal replaces the card clicked: it carries the way back to it.
          result = failure.notice ?? withBack(failure.card, verbs.backOf(action.action?.verb, action.action?.data));
        },
      );
      await answerCardAction(context, result ?? '', deps);
      return '' as never;
    },
  );

  // A card action without a usable Action.Execute (no action, a string, an Action.Submit sent as an
  // invoke): invalid data, answered as such — not a fault.
  app.addRoute(
    async (c) => isCardAction(c) && !isWellFormedCardAction(c),
    async (context) => {
      const trace = traceOf(context);
      const why = malformedCardAction(context.activity.value) ?? INVALID_CARD_DATA;
      await answerFailure(context, failureOf(new DomainError(ErrorCode.InvalidData, why), deps.log, trace));
    },
    true,
  );

  app.message(
    async () => true,
    async (context) => {
      await guarded(
        context,
        async (turn) => {
          await rememberPersonalChat(turn);
          const value = context.activity.value as { verb?: unknown } | undefined;
          if (value && typeof value === 'object' && 'verb' in value) {
            // Action.Submit (older cards, some clients): same verbs, answered as a new message.
            try {
              await context.sendActivity({ attachments: [attach(await verbs.dispatch(turn, value.verb, value))] });
            } catch (e) {
              const failure = failureOf(e, deps.log, traceOf(context));
              await sendCard(context, withBack(failure.card, verbs.backOf(value.verb, value)));
            }
            return;
          }
          const text = (context.activity.text ?? '').trim();
          // Any sentence: the grammar (and the optional language model) finds the request.
          await sendCard(context, await answerSentence(turn, commands, text));
        },
        // A typed request refused: the card says why and leads on to what the person can do.
        (failure) => sendCard(context, withBack(failure.card, null)),
      );
    },
  );

  app.error(async (context, error) => {
    const trace = traceOf(context);
    if (!(error instanceof StorageNotReady))
      deps.log.error('turn failed outside a handler', { ...trace, error: error.stack ?? String(error) });
    await answerFailure(context, failureOf(error, deps.log, trace));
  });

  /** Before the database is reached, not even the conversation state can be read: answer at once. */
  const run = async (context: TurnContext) => {
    if (!deps.storageReady())
      return answerFailure(context, failureOf(new StorageNotReady(), deps.log, traceOf(context)));
    await app.run(context);
  };

  return { adapter, app, verbs, commands, run };
}

/**
 * Answers a card action ourselves rather than through teams-ai: its actionExecute, once a card
 * with `refresh` has been returned, switches the route to « replace for everyone » for good (the
 * variable is shared by every later turn), which made a person's own view — an organiser's
 * forecast, a member's answer — the card everyone in the channel sees. Here a result replaces
 * the card for the person who clicked only, unless the Teams layer made it the shared view of a
 * channel (`forEveryone`): then the message is updated for all (best effort: if Teams refuses,
 * the person still gets the card) and each one's `refresh` brings their own view.
 */
async function answerCardAction(context: TurnContext, result: CardJson | string, deps: BotDeps): Promise<void> {
  if (typeof result !== 'string' && isForEveryone(result) && context.activity.replyToId) {
    await context
      .updateActivity({ id: context.activity.replyToId, type: 'message', attachments: [attach(result)] })
      .catch((error: unknown) =>
        deps.log.info('card not updated for everyone (Teams refused)', { error: String(error).slice(0, 200) }),
      );
  }
  const body =
    typeof result === 'string'
      ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result }
      : { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result };
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
}

/**
 * A refusal card with a button back to the card it replaced, or, when the verb knows none, to
 * the help (what this person can do here): a refusal is never a dead end.
 */
function withBack(card: CardJson, back: BackLink | null): CardJson {
  const actions = (card.actions as unknown[] | undefined) ?? [];
  const way = back ?? { title: 'Que puis-je faire ?', verb: 'help.show', data: {} };
  return {
    ...card,
    actions: [...actions, { type: 'Action.Execute', title: way.title, verb: way.verb, data: way.data }],
  };
}

/** A failure outside a handler's own answer: a notice or card for a card action, else a card. */
async function answerFailure(context: TurnContext, failure: Failure): Promise<void> {
  if (isCardAction(context)) {
    // Without an invoke response botbuilder answers 501 and Teams shows its own error.
    const body = failure.notice
      ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: failure.notice }
      : { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: failure.card };
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } }).catch(() => undefined);
    return;
  }
  await sendCard(context, failure.card).catch(() => undefined);
}
