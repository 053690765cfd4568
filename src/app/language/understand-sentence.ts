import { AppDeps } from '../ports';
import { Actor } from '../identify-actor';
import { zoneOf } from '../time-zone';
import { IntentId, INTENT_IDS } from '../../domain/language/grammar';
import { SentenceContext, Understanding, amountOf, understand } from '../../domain/language/understand';
import { GENERIC_PURCHASE_WORDS, Named, matchNames } from '../../domain/language/names';
import { whenOf } from '../../domain/language/when';
import { wordsOf } from '../../domain/language/words';
import { localDay } from '../../domain/local-date';

/**
 * A language model's reading of a sentence the grammar did not understand: the request it chose
 * among the bot's own and the words of the sentence it took for each entity. The bot reads those
 * words again with its own parsers (an instance must be one of the centrale's, a date is read by
 * the same date parser), so the model points and never decides; and it only prefills a form.
 */
export interface InterpretedSentence {
  intent: IntentId;
  instance?: string;
  when?: string;
  contract?: string;
  amount?: string;
}

/** An optional language model (teams-ai's planner, off by default): given the sentence alone. */
export interface SentenceInterpreter {
  interpret(sentence: string): Promise<InterpretedSentence | null>;
}

export interface Understood extends Understanding {
  /** Who understood: the grammar, or the language model where the grammar could not. */
  by: 'grammar' | 'model';
  /** The names of what was named, to say what was understood. */
  names: Map<string, string>;
}

export const isIntent = (value: unknown): value is IntentId =>
  typeof value === 'string' && (INTENT_IDS as readonly string[]).includes(value);

/** What the sentence may name, from the person's own centrale (never another's). */
async function contextOf(deps: Pick<AppDeps, 'governance' | 'clock'>, actor: Actor): Promise<SentenceContext> {
  const now = deps.clock.now();
  const timeZone = zoneOf(actor);
  const person = actor.person;
  if (!person) return { now, timeZone, instances: [], contracts: [] };
  const instances = await deps.governance.listInstances(person.centraleId);
  return { now, timeZone, instances: instances.map((i) => ({ id: i.id, name: i.name })), contracts: [] };
}

/** The requests about a contract: only for them (or a sentence not yet understood) are contracts read. */
const ABOUT_CONTRACTS: IntentId[] = [
  'dispute.report',
  'registry.view',
  'bilan.view',
  'disputes.bilan',
  'disputes.mine',
];

/** The contracts running today, by title and number: one query, only when a sentence may name one. */
async function withContracts(
  deps: Pick<AppDeps, 'disputes'>,
  actor: Actor,
  context: SentenceContext,
): Promise<SentenceContext> {
  if (!actor.person) return context;
  const contracts = await deps.disputes.listContractsEndingFrom(
    actor.person.centraleId,
    localDay(context.now, context.timeZone),
  );
  return { ...context, contracts: contracts.map((c) => ({ id: c.id, name: c.title, aliases: [c.number] })) };
}

const namesOf = (context: { instances: Named[]; contracts: Named[] }) =>
  new Map([
    ...context.instances.map((i) => [i.id, i.name] as const),
    ...context.contracts.map((c) => [c.id, `${c.aliases?.[0] ?? ''} — ${c.name}`] as const),
  ]);

/**
 * A sentence typed to the bot, understood against the person's centrale. The grammar first; when
 * it understands no request and a language model is configured, the model is asked with the
 * sentence alone (no name, no e-mail, no history), and what it returns is read again here.
 */
export async function understandSentence(
  deps: Pick<AppDeps, 'governance' | 'disputes' | 'clock'> & { interpreter?: SentenceInterpreter },
  actor: Actor,
  text: string,
): Promise<Understood> {
  let context = await contextOf(deps, actor);
  let read = understand(text, context);
  if (actor.person && (!read.intent || ABOUT_CONTRACTS.includes(read.intent))) {
    context = await withContracts(deps, actor, context);
    read = understand(text, context);
  }
  const names = namesOf(context);
  if (read.intent || read.ambiguous.length || !deps.interpreter || !actor.person)
    return { ...read, by: 'grammar', names };
  const model = await deps.interpreter.interpret(text.slice(0, 500)).catch(() => null);
  if (!model || !isIntent(model.intent)) return { ...read, by: 'grammar', names };
  const words = (s: string | undefined) => (s ? wordsOf(s) : []);
  return {
    intent: model.intent,
    ambiguous: [],
    instanceIds: model.instance
      ? matchNames(words(model.instance), context.instances, { generic: GENERIC_PURCHASE_WORDS }).ids
      : [],
    contractIds: model.contract
      ? matchNames(words(model.contract), context.contracts, { minWeight: 1, generic: GENERIC_PURCHASE_WORDS }).ids
      : [],
    when: model.when ? whenOf(model.when, context.now, context.timeZone) : null,
    amount: model.amount ? (amountOf(model.amount)?.amount ?? null) : null,
    year: read.year,
    namesSomeInstance: !!model.instance,
    by: 'model',
    names,
  };
}
