import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { LocalDate, addDays, formatLocalDate, frenchDateOf, parseLocalDate } from '../meetings/zoned-time';
import { HolidayCalendar, isWorkingDay, nextWorkingDay, previousWorkingDay } from '../working-days';
import { Cents, addQuantities } from './money';
import { Need } from './need';

/** Needs that count: retained ones, and those merged into a retained one. */
export function countedNeeds(needs: Need[]): Need[] {
  const accepted = new Set(needs.filter((n) => n.status === 'accepte').map((n) => n.id));
  return needs.filter(
    (n) => n.status === 'accepte' || (n.status === 'fusionne' && n.mergedInto && accepted.has(n.mergedInto)),
  );
}

export interface SegmentTotal {
  segment: string;
  needs: number;
  memberIds: string[];
  annualCents: Cents;
  totalCents: Cents;
  /** Quantities summed per unit ("1200 repas", "40 pièces"). */
  quantities: Array<{ unit: string; quantity: string }>;
  earliestStart: string;
}

/** Needs of one homogeneous family are consolidated (splitting to dodge thresholds is illegal). */
export function consolidate(needs: Need[]): SegmentTotal[] {
  const bySegment = new Map<string, Need[]>();
  for (const n of countedNeeds(needs)) bySegment.set(n.segment, [...(bySegment.get(n.segment) ?? []), n]);
  return [...bySegment.entries()]
    .map(([segment, list]) => {
      const units = new Map<string, string[]>();
      for (const n of list) units.set(n.unit, [...(units.get(n.unit) ?? []), n.quantity]);
      return {
        segment,
        needs: list.length,
        memberIds: [...new Set(list.map((n) => n.memberId))].sort(),
        annualCents: list.reduce((s, n) => s + n.annualCents, 0),
        totalCents: list.reduce((s, n) => s + n.totalCents, 0),
        quantities: [...units.entries()].map(([unit, qs]) => ({ unit, quantity: addQuantities(qs) })),
        earliestStart: list.map((n) => n.wishedStart).sort()[0]!,
      };
    })
    .sort((a, b) => a.segment.localeCompare(b.segment, 'fr'));
}

export type Procedure = 'appel-offres-ouvert' | 'mapa';
export const PROCEDURE_LABELS: Record<Procedure, string> = {
  'appel-offres-ouvert': 'Appel d’offres ouvert',
  mapa: 'Procédure adaptée (MAPA)',
};

/**
 * EU threshold for supplies and services of local authorities (2026–2027), € HT over the whole
 * duration: at or above it, a formalised procedure (open tender) is required.
 */
export const FORMAL_THRESHOLD_CENTS = 216_000_00;
export const defaultProcedure = (totalCents: Cents): Procedure =>
  totalCents >= FORMAL_THRESHOLD_CENTS ? 'appel-offres-ouvert' : 'mapa';

/**
 * Days for each step, the legal floors of docs/domain.md where there is one: offers ≥ 35 days in an
 * open tender (30 if electronic, which is the rule now), about 20 in a MAPA; standstill of 11
 * days before signing a formalised contract. Preparation and analysis are practice, editable.
 */
const STEPS: Record<Procedure, Array<{ step: string; days: number }>> = {
  'appel-offres-ouvert': [
    { step: 'Préparation du DCE', days: 45 },
    { step: 'Publication (lancement)', days: 30 },
    { step: 'Remise des offres', days: 30 },
    { step: 'Attribution', days: 11 },
    { step: 'Notification', days: 7 },
  ],
  mapa: [
    { step: 'Préparation du DCE', days: 30 },
    { step: 'Publication (lancement)', days: 20 },
    { step: 'Remise des offres', days: 20 },
    { step: 'Attribution', days: 7 },
  ],
};

/**
 * Backwards from the wished start: each step's date is the next one minus its duration, moved
 * back to the previous working day when it falls on a weekend or a public holiday (no
 * publication, offers deadline or award on a day off). Moving back keeps the wished start and
 * only lengthens a step, so that no step gets less than its floor; the execution start is the
 * members' date and stays as it is.
 */
export function retroplanning(
  wishedStart: string,
  procedure: Procedure,
  calendar: HolidayCalendar = 'metropole',
): Array<{ step: string; date: string }> {
  const start = parseLocalDate(wishedStart);
  if (!start) throw new DomainError(ErrorCode.BadDate, 'Date de début non valide.');
  const steps = STEPS[procedure];
  const out: Array<{ step: string; date: string }> = [{ step: EXECUTION, date: wishedStart }];
  let d: LocalDate = start;
  for (let i = steps.length - 1; i >= 0; i--) {
    d = previousWorkingDay(addDays(d, -steps[i]!.days), calendar);
    out.unshift({ step: steps[i]!.step, date: formatLocalDate(d) });
  }
  return out;
}

const EXECUTION = 'Début d’exécution';

/**
 * The earliest plan from today: forwards, each step on the first working day after the
 * previous one plus its duration (moving forward keeps every step at least its floor).
 */
export function earliestPlan(
  today: LocalDate,
  procedure: Procedure,
  calendar: HolidayCalendar = 'metropole',
): Array<{ step: string; date: string }> {
  const steps = STEPS[procedure];
  const out: Array<{ step: string; date: string }> = [];
  let d = nextWorkingDay(today, calendar);
  for (let i = 0; i < steps.length; i++) {
    out.push({ step: steps[i]!.step, date: formatLocalDate(d) });
    d = addDays(d, steps[i]!.days);
    if (i + 1 < steps.length) d = nextWorkingDay(d, calendar);
  }
  out.push({ step: EXECUTION, date: formatLocalDate(d) });
  return out;
}

/**
 * A milestone of the item's plan already past: the card says which, and the earliest dates
 * that hold the procedure's delays from today. Null when the plan still holds.
 */
export function planningAlert(
  item: Pick<ProgrammeItem, 'procedure' | 'retroplanning' | 'wishedStart'>,
  today: LocalDate,
  calendar: HolidayCalendar = 'metropole',
): string | null {
  const past = item.retroplanning.find((s) => s.date < formatLocalDate(today));
  if (!past) return null;
  const earliest = earliestPlan(today, item.procedure, calendar);
  const at = (step: string) => frenchDateOf(earliest.find((s) => s.step === step)!.date);
  const first = earliest[0]!;
  return `Rétroplanning intenable : « ${past.step} » tombe le ${frenchDateOf(past.date)}, date passée. Au plus tôt : ${first.step.charAt(0).toLowerCase()}${first.step.slice(1)} le ${frenchDateOf(first.date)}, lancement le ${at(launchStep(item.procedure))}, début d’exécution le ${at(EXECUTION)}. Reportez le début d’exécution ou raccourcissez les délais de pratique.`;
}

const launchStep = (procedure: Procedure) => STEPS[procedure].find((s) => s.step.startsWith('Publication'))!.step;

/** The launch is the publication step. */
export const launchOf = (plan: Array<{ step: string; date: string }>) =>
  plan.find((s) => s.step.startsWith('Publication'))!.date;

export interface ProgrammeItem {
  id: string;
  fileName: string;
  segment: string;
  consolidatedCents: Cents;
  memberIds: string[];
  needIds: string[];
  procedure: Procedure;
  wishedStart: string;
  plannedLaunch: string;
  retroplanning: Array<{ step: string; date: string }>;
}

export interface Programme {
  campaignId: string;
  centraleId: string;
  title: string;
  items: ProgrammeItem[];
  circuitId: string | null;
  updatedAt: string;
  updatedBy: string;
}

/** One item per segment, from the consolidation. */
export function itemsFrom(needs: Need[], calendar: HolidayCalendar = 'metropole'): ProgrammeItem[] {
  const counted = countedNeeds(needs);
  return consolidate(needs).map((t, i) => {
    const procedure = defaultProcedure(t.totalCents);
    const plan = retroplanning(t.earliestStart, procedure, calendar);
    return {
      id: `item-${i + 1}`,
      fileName: `Dossier ${t.segment}`,
      segment: t.segment,
      consolidatedCents: t.totalCents,
      memberIds: t.memberIds,
      needIds: counted.filter((n) => n.segment === t.segment).map((n) => n.id),
      procedure,
      wishedStart: t.earliestStart,
      plannedLaunch: launchOf(plan),
      retroplanning: plan,
    };
  });
}

/** An edited item: new procedure or start recomputes the plan; a launch later than the plan allows is refused. */
export function editItem(
  item: ProgrammeItem,
  change: { fileName: string; procedure: Procedure; wishedStart: string; plannedLaunch: string },
  today: LocalDate,
  calendar: HolidayCalendar = 'metropole',
): ProgrammeItem {
  if (!change.fileName.trim()) throw new DomainError(ErrorCode.FileName, 'Donnez un nom au dossier d’achat.');
  const start = parseLocalDate(change.wishedStart);
  if (!start) throw new DomainError(ErrorCode.BadDate, 'Date de début non valide : choisissez-la dans le calendrier.');
  const plan = retroplanning(change.wishedStart, change.procedure, calendar);
  const latest = launchOf(plan);
  const launch = change.plannedLaunch.trim() || latest;
  const launchDay = parseLocalDate(launch);
  if (!launchDay)
    throw new DomainError(ErrorCode.BadDate, 'Date de lancement non valide : choisissez-la dans le calendrier.');
  if (launch > latest)
    throw new DomainError(
      ErrorCode.LaunchTooLate,
      `Lancé le ${frenchDateOf(launch)}, le dossier ne tient pas les délais de la procédure : lancez-le au plus tard le ${frenchDateOf(latest)}, ou reportez le début.`,
    );
  if (launch < formatLocalDate(today)) {
    const earliest = earliestPlan(today, change.procedure, calendar);
    const soonest = earliest.find((s) => s.step === launchStep(change.procedure))!.date;
    throw new DomainError(
      ErrorCode.LaunchPast,
      `La date de lancement (${frenchDateOf(launch)}) est passée : lancez au plus tôt le ${frenchDateOf(soonest)}, pour un début d’exécution au plus tôt le ${frenchDateOf(earliest.at(-1)!.date)}, et reportez le début d’exécution en conséquence.`,
    );
  }
  if (!isWorkingDay(launchDay, calendar))
    throw new DomainError(
      ErrorCode.LaunchDayOff,
      `Le ${frenchDateOf(launch)} n’est pas un jour ouvré : lancez le dossier le ${frenchDateOf(formatLocalDate(previousWorkingDay(launchDay, calendar)))}, ou un autre jour ouvré avant le ${frenchDateOf(latest)}.`,
    );
  return {
    ...item,
    fileName: change.fileName.trim(),
    procedure: change.procedure,
    wishedStart: change.wishedStart,
    plannedLaunch: launch,
    retroplanning: plan,
  };
}
