import { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { frenchDayOf } from '../french-format';
import { LocalDate, addDays, formatLocalDate, parseLocalDate, zonedInstant } from '../meetings/zoned-time';
import { Campaign, CampaignExtension, Need } from './need';

/**
 * The deadline of a needs campaign (practice: the coordination sets it and may extend it). The
 * deadline day is the last day to answer: the campaign closes at the end of that day in the
 * centrale's time zone, i.e. at midnight there. After it, members' answers are refused until
 * the coordination extends the campaign; answers given after the first deadline are late.
 */

/** The instant the campaign closes: midnight at the end of `deadline`, in the campaign's zone. */
export function closingInstant(c: Pick<Campaign, 'deadline' | 'timeZone'>): Date {
  const day = parseLocalDate(c.deadline);
  if (!day) throw new DomainError(ErrorCode.BadDate, 'La date limite de la campagne n’est pas valide.');
  return zonedInstant(addDays(day, 1), 0, 0, c.timeZone) ?? zonedInstant(addDays(day, 1), 1, 0, c.timeZone)!;
}

export const isPastDeadline = (c: Pick<Campaign, 'deadline' | 'timeZone'>, now: Date) =>
  now.getTime() >= closingInstant(c).getTime();

/** Open, and before the end of its deadline day (whether or not the closing timer has run yet). */
export const acceptsAnswers = (c: Campaign, now: Date) => c.status === 'ouverte' && !isPastDeadline(c, now);

/** Refuses a member's answer (need sent, edited or withdrawn, « néant ») once the campaign is closed. */
export function assertAcceptsAnswers(c: Campaign, now: Date): void {
  if (acceptsAnswers(c, now)) return;
  throw new DomainError(
    ErrorCode.CampaignClosed,
    `La campagne « ${c.title} » est close depuis le ${frenchDayOf(c.deadline)} (date limite de réponse) : vos besoins ne peuvent plus être envoyés, modifiés ni retirés. Si vous avez encore un besoin, demandez à la coordination de prolonger la campagne.`,
  );
}

/** What the closing timer does: the campaign as closed, or null when it is not (or no longer) due. */
export function closeIfDue(c: Campaign, now: Date): Campaign | null {
  if (c.status !== 'ouverte' || !isPastDeadline(c, now)) return null;
  return { ...c, status: 'close', closedAt: now.toISOString() };
}

/**
 * The coordination extends the campaign to a later day (open or already closed): the campaign is
 * open again until then, and the extension is kept in its history.
 */
export function extendCampaign(
  c: Campaign,
  input: { deadline: string; by: string; now: Date; today: LocalDate },
): Campaign {
  const day = parseLocalDate(input.deadline.trim());
  if (!day) throw new DomainError(ErrorCode.CampaignInvalid, 'Indiquez la nouvelle date limite (jour, mois, année).');
  const to = formatLocalDate(day);
  if (to <= formatLocalDate(input.today))
    throw new DomainError(
      ErrorCode.CampaignInvalid,
      `Le ${frenchDayOf(to)} est passé ou c’est aujourd’hui : choisissez une date à venir pour la nouvelle date limite.`,
    );
  if (to <= c.deadline)
    throw new DomainError(
      ErrorCode.CampaignInvalid,
      `La date limite est déjà le ${frenchDayOf(c.deadline)} : choisissez une date à venir, plus tardive, pour prolonger.`,
    );
  const extension: CampaignExtension = { at: input.now.toISOString(), by: input.by, from: c.deadline, to };
  return { ...c, deadline: to, status: 'ouverte', closedAt: null, extensions: [...c.extensions, extension] };
}

/** The deadline first set, before any extension: answers after it are late. */
export const firstDeadline = (c: Campaign) => c.extensions[0]?.from ?? c.deadline;

/** An answer given at `at` came after the first deadline (only possible once extended). */
export const isLate = (c: Campaign, at: string) =>
  Date.parse(at) >= closingInstant({ deadline: firstDeadline(c), timeZone: c.timeZone }).getTime();

/** When a need was first sent to the coordination (null while a draft). */
export const sentAt = (n: Need): string | null => n.history.find((e) => e.action === 'envoyé')?.at ?? null;
