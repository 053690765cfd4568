import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { AttendanceChoice } from './attendance';

/**
 * The vote on an agenda item, as the relevé records it, and its result.
 *
 * Majority rule: CGCT L2121-20 (applied to EPCI and syndicats by L5211-1): « les délibérations
 * sont prises à la majorité absolue des suffrages exprimés. Lorsqu'il y a partage égal des voix
 * et sauf cas de scrutin secret, la voix du président est prépondérante. » Suffrages exprimés are
 * the « pour » and the « contre »: abstentions and members who take no part are not counted. An
 * item is adopted when the « pour » are more than half of the suffrages exprimés; on a tie, as
 * the président de séance voted (adopted if « pour »; rejected if « contre », or if they did not
 * vote: without a casting vote there is no majority); no suffrage exprimé at all adopts nothing.
 */
export type VotePosition = 'pour' | 'contre' | 'abstention' | 'nppv';
export const VOTE_POSITIONS: readonly VotePosition[] = ['pour', 'contre', 'abstention', 'nppv'];
export const POSITION_LABELS: Record<VotePosition, string> = {
  pour: 'Pour',
  contre: 'Contre',
  abstention: 'Abstention',
  nppv: 'Ne prend pas part au vote',
};

export interface VoteCounts {
  pour: number;
  contre: number;
  abstention: number;
  nppv: number;
}

/** As stored: `named` keeps each voter's position (represented members included). */
export type ItemVote =
  | { kind: 'none' }
  | ({ kind: 'counts'; casting?: 'pour' | 'contre' } & VoteCounts)
  | ({ kind: 'named'; positions: Array<{ personKey: string; position: VotePosition }> } & VoteCounts);

export type VoteResult = 'adopte' | 'rejete';
export const RESULT_LABELS: Record<VoteResult, string> = { adopte: 'Adopté', rejete: 'Rejeté' };

/** What the form gives: counts, or « tous pour sauf » lists by member key. */
export type VoteInput =
  | { kind: 'none' }
  | ({ kind: 'counts'; casting?: 'pour' | 'contre' | null } & VoteCounts)
  | { kind: 'named'; contre: string[]; abstention: string[]; nppv: string[] };

/** A member who votes at the sitting: in person, at a distance, by their substitute, or through a proxy. */
export const votesAt = (choice: AttendanceChoice) => choice !== 'absent';

/** The majority of suffrages exprimés, the président's casting vote on a tie (CGCT L2121-20). */
export function resultOf(counts: VoteCounts, casting: 'pour' | 'contre' | null | undefined): VoteResult {
  if (counts.pour > counts.contre) return 'adopte';
  if (counts.pour < counts.contre) return 'rejete';
  return counts.pour > 0 && casting === 'pour' ? 'adopte' : 'rejete';
}

const total = (c: VoteCounts) => c.pour + c.contre + c.abstention + c.nppv;
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * Checks one item's vote against who could vote (`voters`: members present, at a distance,
 * substituted, represented — a proxy holder votes twice) and gives the vote as stored with its
 * result. `president`: the président de séance, whose vote breaks a tie.
 */
export function checkVote(
  input: VoteInput,
  context: {
    item: number;
    title: string;
    voters: string[];
    president: string | null;
    nameOf: (key: string) => string;
  },
): { vote: ItemVote; result?: VoteResult } {
  const point = `point ${context.item + 1} (« ${context.title} »)`;
  const fail = (message: string): never => {
    throw new DomainError(ErrorCode.VoteInvalid, message);
  };
  if (input.kind === 'none') return { vote: { kind: 'none' } };
  if (input.kind === 'counts') {
    const counts = { pour: input.pour, contre: input.contre, abstention: input.abstention, nppv: input.nppv };
    if (VOTE_POSITIONS.some((p) => !Number.isInteger(counts[p]) || counts[p] < 0))
      fail(`Vote du ${point} : indiquez des nombres entiers, 0 ou plus.`);
    if (total(counts) === 0) fail(`Vote du ${point} : indiquez le nombre de voix, ou choisissez « Pas de vote ».`);
    if (total(counts) > context.voters.length) {
      fail(
        `Vote du ${point} : ${plural(total(counts), 'voix comptée', 'voix comptées')} pour ${plural(context.voters.length, 'votant possible', 'votants possibles')} (présents et pouvoirs) : corrigez les nombres.`,
      );
    }
    const tie = counts.pour === counts.contre && counts.pour > 0;
    const casting = tie ? (input.casting ?? undefined) : undefined;
    return {
      vote: { kind: 'counts', ...counts, ...(casting ? { casting } : {}) },
      result: resultOf(counts, casting),
    };
  }
  const named = new Map<string, VotePosition>();
  for (const position of ['contre', 'abstention', 'nppv'] as const) {
    for (const key of input[position]) {
      if (!context.voters.includes(key))
        fail(`Vote du ${point} : ${context.nameOf(key)} ne vote pas à cette séance (absent·e) : retirez ce nom.`);
      const already = named.get(key);
      if (already && already !== position) {
        fail(
          `Vote du ${point} : ${context.nameOf(key)} est à la fois « ${POSITION_LABELS[already]} » et « ${POSITION_LABELS[position]} » : gardez une seule position.`,
        );
      }
      named.set(key, position);
    }
  }
  const positions = context.voters.map((personKey) => ({ personKey, position: named.get(personKey) ?? 'pour' }));
  const counts: VoteCounts = { pour: 0, contre: 0, abstention: 0, nppv: 0 };
  for (const p of positions) counts[p.position]++;
  const president = positions.find((p) => p.personKey === context.president)?.position;
  const casting = president === 'pour' || president === 'contre' ? president : null;
  return { vote: { kind: 'named', ...counts, positions }, result: resultOf(counts, casting) };
}

/** « 12 pour, 3 contre, 2 abstentions, 1 ne prenant pas part au vote » */
export function countsText(c: VoteCounts): string {
  const parts = [`${c.pour} pour`, `${c.contre} contre`];
  if (c.abstention) parts.push(plural(c.abstention, 'abstention', 'abstentions'));
  if (c.nppv) parts.push(`${c.nppv} ne prenant pas part au vote`);
  return parts.join(', ');
}
