import { z } from 'zod';
import { deliveryReportFor } from '../../app/delivery/delivery-report';
import { zoneOf } from '../../app/time-zone';
import { stateLabel } from '../../domain/delivery/delivery';
import { DeliveryState } from '../../domain/delivery/send-outcome';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { plural } from '../../domain/french-text';

const MAX_ROWS = 60;
const COLORS: Record<DeliveryState, string> = {
  sent: 'Good',
  // Yellow text does not reach 4.5:1 on white: a pending state is default text, its label says it.
  queued: 'Default',
  sending: 'Default',
  failed: 'Attention',
  unreachable: 'Attention',
};

export const frenchTime = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);

/** Per-recipient state of a notice, with a summary ("57/58 délivrés"); refreshable. */
export async function deliveryReportCard(turn: Turn, noticeId: string): Promise<CardJson> {
  const report = await deliveryReportFor(turn.deps, turn.actor, noticeId);
  const { summary } = report;
  const details = [
    summary.pending ? `${summary.pending} en attente` : '',
    summary.failed ? `${summary.failed} en échec ou ${plural(summary.failed, 'injoignable', 'injoignables')}` : '',
  ].filter(Boolean);
  return renderCard('delivery.report', {
    noticeId,
    title: cardText(report.notice.title),
    headline: summary.headline,
    color: summary.failed ? 'Attention' : summary.pending ? 'Default' : 'Good',
    details: details.length ? details.join(' · ') : 'Tous les destinataires ont reçu le message.',
    rows: report.statuses.slice(0, MAX_ROWS).map((s) => ({
      label: cardText(s.label),
      state: stateLabel(s),
      reason: s.reason && s.state !== 'sent' ? cardText(s.reason) : '',
      color: COLORS[s.state],
    })),
    more: report.statuses.length > MAX_ROWS ? `… et ${report.statuses.length - MAX_ROWS} autres destinataires.` : '',
    updatedAt: frenchTime(turn.deps.clock.now(), zoneOf(turn.actor)),
  });
}

export function registerDelivery(_commands: CommandRouter, verbs: VerbRouter): void {
  verbs.add('delivery.report', z.object({ noticeId: z.string().min(1).max(200) }), (turn, data) =>
    deliveryReportCard(turn, data.noticeId),
  );
}
