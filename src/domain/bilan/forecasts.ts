import { Need } from '../needs/need';
import { addQuantities } from '../needs/money';
import { countedNeeds } from '../needs/programme';
import { Forecast } from './economics';

/** A counted need of a member of the contract that could not become part of its forecast. */
export interface UnusedNeed {
  needId: string;
  memberId: string;
  description: string;
  quantity: string;
  unit: string;
}

/** What a campaign's needs propose for a contract: its unit, one forecast per member, the needs left out. */
export interface NeedsProposal {
  unit: string;
  forecasts: Forecast[];
  unused: UnusedNeed[];
}

/** Units compared as people type them: « Ramettes » and « ramettes » are one unit. */
const unitKey = (unit: string) => unit.trim().toLocaleLowerCase('fr');

const sameSegment = (a: string, b: string) =>
  a
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase() ===
  b
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();

/** Whether a segment of a campaign is the purchasing file's (accents, case and spaces aside). */
export const segmentMatches = sameSegment;

/**
 * The forecasts a campaign's consolidated needs give a contract: the counted needs (retained,
 * or merged into a retained one: `countedNeeds`) of the contract's members in `segment` become
 * one forecast per member, in the contract's order — quantities of the contract's unit summed,
 * the baseline the sum of the « Prix actuel » they gave, the current suppliers joined.
 *
 * The unit is the contract's when it has one, else the one most of these needs use. A need in
 * another unit cannot be summed with the others: it is left out and named (`unused`). A member
 * that left the « Prix actuel » empty on one of its needs has no baseline (null: its savings are
 * « non calculable »), since a sum of the prices given would understate what it paid.
 */
export function forecastsFromNeeds(
  needs: Need[],
  contract: { memberIds: string[]; economics?: { unit: string } },
  segment: string,
): NeedsProposal {
  const members = new Set(contract.memberIds);
  const mine = countedNeeds(needs).filter((n) => members.has(n.memberId) && sameSegment(n.segment, segment));
  const unit = contract.economics?.unit.trim() || mostUsedUnit(mine);
  const forecasts: Forecast[] = [];
  const unused: UnusedNeed[] = [];
  for (const memberId of contract.memberIds) {
    const own = mine.filter((n) => n.memberId === memberId);
    const usable = own.filter((n) => unitKey(n.unit) === unitKey(unit));
    for (const n of own.filter((x) => !usable.includes(x)))
      unused.push({ needId: n.id, memberId, description: n.description, quantity: n.quantity, unit: n.unit });
    if (!usable.length) continue;
    const prices = usable.map((n) => n.currentPriceCents);
    forecasts.push({
      memberId,
      annualQuantity: addQuantities(usable.map((n) => n.quantity)),
      referenceAnnualCents: prices.every((p): p is number => p !== null) ? prices.reduce((a, b) => a + b, 0) : null,
      referenceSupplier: [...new Set(usable.map((n) => n.currentSupplier.trim()).filter(Boolean))].join(', '),
      needId: usable.length === 1 ? usable[0]!.id : null,
    });
  }
  return { unit, forecasts, unused };
}

/** The unit most needs use (on a tie, the one met first). */
function mostUsedUnit(needs: Need[]): string {
  const counts = new Map<string, { unit: string; n: number }>();
  for (const need of needs) {
    const k = unitKey(need.unit);
    const seen = counts.get(k) ?? { unit: need.unit.trim(), n: 0 };
    counts.set(k, { ...seen, n: seen.n + 1 });
  }
  let best = { unit: '', n: 0 };
  for (const c of counts.values()) if (c.n > best.n) best = c;
  return best.unit;
}
