import { LocalDate, addDays, daysBetween, frenchDate, localDateOf } from './zoned-time';
import { count } from '../french-text';

/**
 * Jours francs: whole days between the day the convocation is sent and the day of the
 * sitting, neither counted; every calendar day counts (weekends and holidays too). With 5 jours
 * francs, a sitting on Wednesday the 10th needs the convocation sent on Thursday the 4th at
 * the latest (the 5th to the 9th are the five whole days).
 */
export function joursFrancs(sentAt: Date, sittingAt: Date, timeZone: string): number {
  return Math.max(0, daysBetween(localDateOf(sentAt, timeZone), localDateOf(sittingAt, timeZone)) - 1);
}

/** The last calendar day on which the convocation may be sent. */
export function latestSendingDay(sittingAt: Date, noticeDays: number, timeZone: string): LocalDate {
  return addDays(localDateOf(sittingAt, timeZone), -(noticeDays + 1));
}

export interface NoticeCheck {
  ok: boolean;
  joursFrancs: number;
  required: number;
  latestSendingDay: LocalDate;
  /** French, for the form: why it is late and what to do. */
  message: string | null;
}

export function checkNotice(sentAt: Date, sittingAt: Date, noticeDays: number, timeZone: string): NoticeCheck {
  const given = joursFrancs(sentAt, sittingAt, timeZone);
  const latest = latestSendingDay(sittingAt, noticeDays, timeZone);
  const ok = given >= noticeDays;
  const days = (n: number) => count(n, 'jour franc', 'jours francs');
  return {
    ok,
    joursFrancs: given,
    required: noticeDays,
    latestSendingDay: latest,
    message: ok
      ? null
      : `Le délai de convocation de cette instance est de ${days(noticeDays)} : ` +
        `il fallait convoquer au plus tard le ${frenchDate(latest)} (${given > 0 ? `${days(given)} seulement` : 'aucun jour franc d’ici là'}). ` +
        'Reportez la séance, ou cochez « urgence » et donnez-en la raison.',
  };
}
