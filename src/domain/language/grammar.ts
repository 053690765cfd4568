import { sameWord, singular } from './words';

/** What a sentence asks for: each is one command of the bot (its form, its list or its answer). */
export const INTENT_IDS = [
  'help',
  'greeting',
  'thanks',
  'farewell',
  'governance.view',
  'channel.link',
  'instance.members',
  'instance.announce',
  'meeting.convene',
  'meetings.mine',
  'sittings.mine',
  'quorum',
  'ballot.open',
  'ballots.mine',
  'circuit.start',
  'circuit.status',
  'campaign.open',
  'needs.current',
  'campaigns.mine',
  'dispute.report',
  'disputes.mine',
  'registry.view',
  'disputes.bilan',
  'bilan.view',
  'bilan.commune',
  'survey.open',
  'privacy',
  'roles',
  'people.import',
] as const;
export type IntentId = (typeof INTENT_IDS)[number];

/**
 * A social word (« merci ») never outweighs a request, and « aide » gives way to what it is
 * asked about (« aide pour convoquer »): only requests can be ambiguous between themselves.
 */
type Rank = 'social' | 'help' | 'request';

interface Phrase {
  /** Each slot is a set of words (« convoquer|réunir »), all slots needed, in any order. */
  slots: string[];
  /** How much the phrase says; by default its number of slots (a generic noun weighs less). */
  weight?: number;
}

interface IntentRule {
  id: IntentId;
  rank: Rank;
  phrases: Phrase[];
}

const p = (slots: string, weight?: number): Phrase => ({ slots: slots.split(' '), weight });

/**
 * The grammar, as a table. Each phrase lists the words that must all be in the sentence; the
 * heaviest phrase matched wins. Words are compared without accents, in the singular, and with
 * one typo allowed on long words (see `sameWord`); the command words of the help work alone.
 */
export const GRAMMAR: IntentRule[] = [
  { id: 'help', rank: 'help', phrases: [p('aide'), p('help'), p('menu'), p('sais|peux|pouvez|savez|peut faire')] },
  {
    id: 'greeting',
    rank: 'social',
    phrases: [p('bonjour|salut|bonsoir|coucou|hello|hey|bjr|slt')],
  },
  { id: 'thanks', rank: 'social', phrases: [p('merci|remercie|thanks|mrc'), p('parfait|super|genial|top', 0.5)] },
  {
    id: 'farewell',
    rank: 'social',
    phrases: [p('au revoir'), p('bonne journee|soiree|semaine|fin'), p('a bientot|plus|demain')],
  },
  {
    id: 'governance.view',
    rank: 'request',
    phrases: [p('comite|instance', 0.5), p('gouvernance'), p('organigramme'), p('liste comite|instance')],
  },
  { id: 'channel.link', rank: 'request', phrases: [p('lier'), p('lien', 0.5), p('lier|associer|rattacher canal')] },
  {
    id: 'instance.members',
    rank: 'request',
    phrases: [p('membre'), p('composition'), p('participant'), p('qui sieger|siege|compose')],
  },
  {
    id: 'instance.announce',
    rank: 'request',
    phrases: [
      p('annonce'),
      p('annoncer'),
      p('ecrire'),
      p('message', 0.5),
      p('ecrire|envoyer|annoncer|informer|prevenir membre|message'),
    ],
  },
  {
    id: 'meeting.convene',
    rank: 'request',
    phrases: [
      p('convoquer|convoque|convoquez'),
      p('convocation'),
      p('reunir'),
      p('seance'),
      p('organiser|planifier|programmer|prevoir|caler|fixer'),
      p('organiser|planifier|programmer|prevoir|caler|fixer|nouvelle seance|reunion'),
    ],
  },
  {
    id: 'meetings.mine',
    rank: 'request',
    phrases: [
      p('mes', 0.5),
      p('mes convocation'),
      p('agenda'),
      p('prochaine|prochain|quand seance|reunion'),
      p('suis|sommes convoque'),
    ],
  },
  {
    id: 'sittings.mine',
    rank: 'request',
    // « les séances que j’organise »; « organiser une séance » is a convocation.
    phrases: [p('mes seance|reunion'), p('seance|reunion que organise|organisons')],
  },
  { id: 'quorum', rank: 'request', phrases: [p('quorum'), p('combien present|presente|inscrit|pouvoir')] },
  {
    id: 'ballot.open',
    rank: 'request',
    phrases: [
      p('scrutin'),
      p('vote'),
      p('voter'),
      p('ouvrir|lancer|organiser|soumettre|nouveau vote|scrutin|deliberation'),
      p('soumettre|faire voter'),
    ],
  },
  { id: 'ballots.mine', rank: 'request', phrases: [p('mes vote|scrutin'), p('dois voter')] },
  {
    id: 'circuit.start',
    rank: 'request',
    phrases: [p('circuit'), p('validation'), p('lancer|demarrer|ouvrir|commencer circuit|validation')],
  },
  {
    id: 'circuit.status',
    rank: 'request',
    phrases: [
      p('ou circuit|validation|programmation'),
      p('etat|avancement|suivi|statut|avance circuit|validation|programmation'),
      p('valide programmation'),
    ],
  },
  {
    id: 'campaign.open',
    rank: 'request',
    phrases: [p('campagne'), p('recensement'), p('lancer|ouvrir|demarrer|commencer recensement|campagne')],
  },
  {
    id: 'needs.current',
    rank: 'request',
    // « mes besoins » are the ones to declare (« Saisir mes besoins »), not the campaigns.
    phrases: [p('besoin'), p('mes|nos besoin'), p('declarer|saisir|remplir|exprimer|indiquer besoin')],
  },
  { id: 'campaigns.mine', rank: 'request', phrases: [p('mes campagne|recensement')] },
  {
    id: 'dispute.report',
    rank: 'request',
    phrases: [
      p('litige'),
      p('signaler'),
      p('reclamation'),
      p('probleme|souci|incident|dysfonctionnement|plainte|reclamer|retard|penalite|manquement|malfacon'),
      p('signaler|declarer|remonter probleme|souci|litige|incident|retard|dysfonctionnement'),
    ],
  },
  { id: 'disputes.mine', rank: 'request', phrases: [p('mes litige|reclamation|signalement|probleme')] },
  {
    id: 'registry.view',
    rank: 'request',
    phrases: [p('dossier', 0.5), p('marche', 0.5), p('liste|registre|tous marche|dossier')],
  },
  { id: 'disputes.bilan', rank: 'request', phrases: [p('bilan|synthese|statistique litige|reclamation')] },
  {
    id: 'bilan.view',
    rank: 'request',
    phrases: [p('bilan'), p('bilan marche'), p('gain|economie|economise'), p('combien economise|gagne')],
  },
  {
    id: 'bilan.commune',
    rank: 'request',
    phrases: [p('bilan|economie|economise|gain commune'), p('bilan|economie|economise|gain ma|notre|votre commune')],
  },
  {
    id: 'survey.open',
    rank: 'request',
    phrases: [p('enquete'), p('satisfaction', 0.5), p('sondage'), p('envoyer|lancer|ouvrir enquete|sondage')],
  },
  { id: 'privacy', rank: 'request', phrases: [p('donnee'), p('rgpd'), p('effacer|exporter|supprimer donnee')] },
  { id: 'roles', rank: 'request', phrases: [p('role'), p('attribuer|donner|changer role|droit')] },
  {
    id: 'people.import',
    rank: 'request',
    phrases: [
      p('importer'),
      p('import'),
      p('importer|import personne|membre|utilisateur|contact'),
      p('importer|ajouter personne|membre tableau'),
    ],
  },
];

const RANK_ORDER: Record<Rank, number> = { social: 0, help: 1, request: 2 };

export interface IntentMatch {
  /** The one intent understood, or null (nothing, or `ambiguous`). */
  intent: IntentId | null;
  /** Two requests or more weighing the same: the person chooses. */
  ambiguous: IntentId[];
}

/** Every word the grammar knows, in the singular. */
const KNOWN = new Set(
  GRAMMAR.flatMap((r) => r.phrases.flatMap((ph) => ph.slots.flatMap((s) => s.split('|').map(singular)))),
);

/**
 * A word the grammar knows is that word, never a typo of another: « revoir » (au revoir) is not
 * « prévoir », « organise » is not « organiser ».
 */
const wordMatches = (typed: string, known: string) =>
  KNOWN.has(singular(typed)) ? singular(typed) === singular(known) : sameWord(typed, known);

const slotMatches = (slot: string, words: string[]) =>
  slot.split('|').some((known) => words.some((w) => wordMatches(w, known)));

/** The intent of a bag of words (already without the words of a date or of a named instance). */
export function matchIntent(words: string[]): IntentMatch {
  const scored: Array<{ id: IntentId; rank: number; weight: number }> = [];
  for (const rule of GRAMMAR) {
    let best = 0;
    for (const phrase of rule.phrases)
      if (phrase.slots.every((slot) => slotMatches(slot, words)))
        best = Math.max(best, phrase.weight ?? phrase.slots.length);
    if (best > 0) scored.push({ id: rule.id, rank: RANK_ORDER[rule.rank], weight: best });
  }
  if (!scored.length) return { intent: null, ambiguous: [] };
  const topRank = Math.max(...scored.map((s) => s.rank));
  const ranked = scored.filter((s) => s.rank === topRank);
  const topWeight = Math.max(...ranked.map((s) => s.weight));
  const top = ranked.filter((s) => s.weight === topWeight).map((s) => s.id);
  if (top.length === 1) return { intent: top[0]!, ambiguous: [] };
  // « merci, au revoir »: social words are answered, not asked about; the last of them in the
  // table (a farewell closes, thanks come after a greeting) is the answer.
  if (topRank < RANK_ORDER.request) return { intent: top[top.length - 1]!, ambiguous: [] };
  return { intent: null, ambiguous: top };
}
