import { z } from 'zod';
import { Understood, understandSentence } from '../../app/language/understand-sentence';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { INTENT_IDS, IntentId } from '../../domain/language/grammar';
import { amountText, understoodText, whenText } from '../../domain/language/understand';
import { nextYearOf } from '../../domain/language/when';
import {
  frenchClock,
  wallClockOf,
  formatLocalDate,
  frenchDate,
  parseLocalDate,
  daysBetween,
} from '../../domain/meetings/zoned-time';
import { zoneOf } from '../../app/time-zone';
import { frenchNumber } from '../../domain/french-format';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRequest, CommandRouter } from '../command-router';
import { helpCard, notUnderstoodCard } from '../governance/help';
import { messageCard } from '../replies';
import { withLead } from './prefill';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';

type Entity = 'instance' | 'when' | 'contract' | 'amount' | 'year';

/** What each request's card is prefilled with (and so what « J’ai compris » says). */
const TAKES: Partial<Record<IntentId, Entity[]>> = {
  'meeting.convene': ['instance', 'when'],
  'ballot.open': ['instance', 'when'],
  'instance.members': ['instance'],
  'instance.announce': ['instance'],
  'channel.link': ['instance'],
  quorum: ['instance'],
  'dispute.report': ['contract', 'amount'],
  'bilan.view': ['year'],
  'bilan.commune': ['year'],
};

/** The requests that open a form (the others show a card: a forecast, a bilan). */
const FORMS = new Set<IntentId>([
  'meeting.convene',
  'ballot.open',
  'instance.members',
  'instance.announce',
  'channel.link',
  'dispute.report',
]);

/** The button of each request, when a sentence could be two of them. */
export const INTENT_LABELS: Record<IntentId, string> = {
  help: 'Voir ce que je peux faire',
  greeting: 'Dire bonjour',
  thanks: 'Remercier',
  farewell: 'Prendre congé',
  'governance.view': 'Voir les instances',
  'channel.link': 'Lier ce canal à une instance',
  'instance.members': 'Choisir les membres d’une instance',
  'instance.announce': 'Écrire aux membres d’une instance',
  'meeting.convene': 'Convoquer une séance',
  'meetings.mine': 'Voir mes convocations',
  'sittings.mine': 'Voir les séances que j’organise',
  quorum: 'Voir la prévision du quorum',
  'ballot.open': 'Ouvrir un vote',
  'ballots.mine': 'Voir mes scrutins',
  'circuit.start': 'Lancer un circuit de validation',
  'circuit.status': 'Voir où en est le circuit',
  'campaign.open': 'Ouvrir une campagne de recensement',
  'needs.current': 'Voir la campagne de recensement en cours',
  'campaigns.mine': 'Voir mes campagnes',
  'dispute.report': 'Signaler un problème sur un marché',
  'disputes.mine': 'Voir mes litiges',
  'registry.view': 'Voir les dossiers et les marchés',
  'disputes.bilan': 'Voir le bilan des litiges',
  'bilan.view': 'Voir le bilan des marchés',
  'bilan.commune': 'Voir le bilan de ma commune',
  'survey.open': 'Envoyer une enquête de satisfaction',
  privacy: 'Exporter ou effacer des données (RGPD)',
  roles: 'Attribuer des rôles',
  'people.import': 'Importer des membres',
};

const MAX_CHOICES = 6;

/** « J’ai compris : COPIL RReT, mardi 8 décembre 2026 à 14 h. » — only what the card was prefilled with. */
function understoodLine(intent: IntentId, u: Understood): string {
  const takes = TAKES[intent] ?? [];
  const name = (id: string | undefined) => (id ? u.names.get(id) : undefined);
  const one = (ids: string[]) => (ids.length === 1 ? ids[0] : undefined);
  const parts: Array<string | undefined> = [];
  if (takes.includes('instance')) parts.push(name(one(u.instanceIds)));
  if (takes.includes('contract')) {
    const contract = name(one(u.contractIds));
    parts.push(contract ? `le marché ${contract}` : undefined);
  }
  if (takes.includes('when') && u.when && !u.when.past)
    parts.push(intent === 'ballot.open' ? `clôture le ${whenText(u.when)}` : whenText(u.when));
  if (takes.includes('amount') && u.amount) parts.push(amountText(u.amount));
  if (takes.includes('year') && u.year) parts.push(`année ${u.year}`);
  let line = understoodText(parts);
  // « réunir le comité opérationnel » with none yet: the form's instance is not the one asked.
  if (takes.includes('instance') && !u.instanceIds.length && u.namesSomeInstance)
    line = `${line ? `${line} ` : ''}Je n’ai pas reconnu l’instance de votre phrase : vérifiez celle du formulaire.`;
  if (line && takes.includes('when') && u.when?.skipped && u.when.time)
    line += ` Attention : ${frenchClock(u.when.time.hour, u.when.time.minute)} n’existe pas cette nuit-là (passage à l’heure d’été) ; choisissez une autre heure.`;
  if (!line) return '';
  return FORMS.has(intent) ? `${line} Vérifiez le formulaire : rien n’est envoyé avant son bouton.` : line;
}

/** An answer with no button at all (« Aucun circuit en cours »): it leads on to the help, never a dead end. */
function wayOn(card: CardJson): CardJson {
  if (JSON.stringify(card).includes('"Action.')) return card;
  return { ...card, actions: [{ type: 'Action.Execute', title: 'Que puis-je faire ?', verb: 'help.show', data: {} }] };
}

interface Choice {
  title: string;
  data: Record<string, string>;
}

/** A short question with a tappable row per answer (long names wrap on a phone); the sentence travels with each. */
function question(title: string, text: string, choices: Choice[]): CardJson {
  return renderCard('sentence.choose', {
    title,
    text,
    choices: choices.slice(0, MAX_CHOICES).map((c) => ({ title: c.title, data: c.data })),
  });
}

const socialName = (turn: Turn) =>
  turn.actor.person ? ` ${cardText(turn.actor.person.displayName.split(' ')[0]!)}` : '';

/** « Bonjour », « merci », « au revoir »: a short answer, in the centrale's time of day. */
async function socialAnswer(turn: Turn, intent: 'greeting' | 'thanks' | 'farewell'): Promise<CardJson> {
  if (!turn.actor.person) return helpCard(turn);
  const hour = wallClockOf(turn.deps.clock.now(), zoneOf(turn.actor)).hour;
  const evening = hour >= 18 || hour < 5;
  const text =
    intent === 'greeting'
      ? `${evening ? 'Bonsoir' : 'Bonjour'}${socialName(turn)} ! Que puis-je faire pour vous ? Écrivez-moi comme à un collègue, par exemple « mes convocations », « mes votes » ou « où en est le circuit ? ».`
      : intent === 'thanks'
        ? 'Je reste là si vous avez besoin d’autre chose.'
        : `${evening ? 'Bonne soirée' : 'Bonne journée'}${socialName(turn)} !`;
  const title =
    intent === 'greeting' ? (evening ? 'Bonsoir' : 'Bonjour') : intent === 'thanks' ? 'Avec plaisir' : 'À bientôt';
  const card = messageCard({ title, text });
  return {
    ...card,
    actions: [{ type: 'Action.Execute', title: 'Voir ce que je peux faire', verb: 'help.show', data: {} }],
  };
}

interface Overrides {
  intent?: IntentId;
  instanceId?: string;
  /** A date chosen on the question (YYYY-MM-DD), or 'none': let the form propose one. */
  date?: string;
}

/**
 * Answers a sentence: the request it makes opens its card, prefilled with what the sentence said
 * and saying so. When the sentence could mean two things (two requests, two instances, a date
 * already past), a short question comes first; its buttons carry the sentence back here.
 */
async function answer(turn: Turn, commands: CommandRouter, text: string, o: Overrides = {}): Promise<CardJson> {
  const u = await understandSentence(turn.deps, turn.actor, text);
  const data = (more: Record<string, string>): Record<string, string> => ({
    text,
    ...(o.intent ? { intent: o.intent } : {}),
    ...(o.instanceId ? { instanceId: o.instanceId } : {}),
    ...(o.date ? { date: o.date } : {}),
    ...more,
  });
  const intent = o.intent ?? u.intent;
  if (!intent) {
    if (u.ambiguous.length && turn.actor.person)
      return question(
        'Que voulez-vous faire ?',
        `« ${cardText(text.length > 80 ? `${text.slice(0, 80)}…` : text)} » peut vouloir dire plusieurs choses :`,
        u.ambiguous.map((i) => ({ title: INTENT_LABELS[i], data: data({ intent: i }) })),
      );
    return notUnderstoodCard(turn, text);
  }
  if (intent === 'greeting' || intent === 'thanks' || intent === 'farewell') return socialAnswer(turn, intent);
  const takes = TAKES[intent] ?? [];
  if (o.instanceId) {
    // Only an instance the sentence named, of the person's own centrale, may be chosen.
    if (!u.instanceIds.includes(o.instanceId))
      throw new DomainError(
        ErrorCode.InvalidData,
        'Cette instance n’est pas l’une de celles que votre phrase nomme dans votre centrale : retapez la phrase.',
      );
    u.instanceIds = [o.instanceId];
  }
  if (takes.includes('instance') && u.instanceIds.length > 1)
    return question(
      'De quelle instance s’agit-il ?',
      'Votre phrase peut désigner plusieurs instances :',
      u.instanceIds.map((id) => ({ title: u.names.get(id) ?? id, data: data({ intent, instanceId: id }) })),
    );
  if (o.date === 'none') u.when = null;
  else if (o.date && u.when) {
    const chosen = parseLocalDate(o.date);
    const today = wallClockOf(turn.deps.clock.now(), zoneOf(turn.actor));
    if (!chosen || daysBetween(today, chosen) < 0)
      throw new DomainError(ErrorCode.InvalidData, 'Cette date est passée : retapez la phrase avec une date à venir.');
    u.when = { ...u.when, date: chosen, past: false };
  }
  if (takes.includes('when') && u.when?.past) {
    const next = nextYearOf(u.when.date);
    const choices: Choice[] = [];
    // « le 1er décembre » said on the 2nd: next year's, perhaps; « hier » or « le 1er décembre 2026 »: not.
    if (!u.when.yearSaid)
      choices.push({ title: `Le ${frenchDate(next)}`, data: data({ intent, date: formatLocalDate(next) }) });
    choices.push({ title: 'Choisir la date dans le formulaire', data: data({ intent, date: 'none' }) });
    return question(
      'Cette date est passée',
      `Le ${whenText(u.when)} est déjà passé. Quelle date voulez-vous ?`,
      choices,
    );
  }
  const handler = commands.handlerOf(intent);
  if (!handler) return notUnderstoodCard(turn, text);
  const request: CommandRequest = { text, understood: u };
  return withLead(wayOn(await handler(turn, request)), understoodLine(intent, u));
}

/** Past this, a message is not a request but a text pasted: the bot says so rather than guess. */
export const MAX_SENTENCE = 1000;

/** A sentence typed in the conversation. */
export async function answerSentence(turn: Turn, commands: CommandRouter, text: string): Promise<CardJson> {
  if (text.length > MAX_SENTENCE)
    return messageCard({
      title: 'Message trop long',
      text: `Je comprends les demandes d’une phrase ou deux ; ce message fait ${frenchNumber(text.length)} caractères (${frenchNumber(MAX_SENTENCE)} au plus). Écrivez votre demande en quelques mots, par exemple « convoquer le COPIL mardi à 14 h » ; « aide » liste ce que je sais faire.`,
      tone: 'attention',
    });
  return answer(turn, commands, text);
}

const chooseData = z.object({
  text: z.string().min(1, 'Phrase manquante : retapez-la.').max(500, 'Phrase trop longue : retapez-la plus courte.'),
  intent: z.enum(INTENT_IDS, { error: 'Demande inconnue : retapez la phrase.' }).optional(),
  instanceId: z.string().max(200).optional(),
  date: z
    .string()
    .regex(/^(none|\d{4}-\d{2}-\d{2})$/, 'Date illisible : retapez la phrase.')
    .optional(),
});

export function registerSentences(commands: CommandRouter, verbs: VerbRouter): void {
  // The buttons of a question: the same sentence, with the answer chosen.
  verbs.add('sentence.choose', chooseData, (turn, d) =>
    answer(turn, commands, d.text, { intent: d.intent, instanceId: d.instanceId, date: d.date }),
  );
}
