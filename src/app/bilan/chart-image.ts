import { DomainError } from '../../domain/errors';
import { ErrorCode } from '../../domain/error-codes';
import { Member } from '../../domain/governance';
import { AppDeps } from '../ports';
import { ServedFile } from '../meetings/sitting-files';
import { SignedLinks } from '../files/signed-links';
import {
  consumptionChart,
  contractSavingsChart,
  memberConsumptionChart,
  memberSavingsChart,
  savingsChart,
} from './charts';
import { BarChart } from './ports';
import { centraleBilanOf, contractBilanOf, memberBilanOf } from './queries';

/**
 * The bilan's charts as images behind a signed link, for a card's `Image.url` (Teams shows an
 * image from a URL only). The link names the centrale, the scope, the window and the chart
 * (`<centraleId>|<scope>|<windowKey>|<chart>`); its signature is the permission, as for the
 * other files: it was made by the bot for someone who could see that bilan.
 */
export type ChartScope = 'centrale' | `marche:${string}` | `commune:${string}`;
export type ChartName = 'gains' | 'consommation';

export interface ChartTarget {
  centraleId: string;
  /** The whole centrale, one contract (`marche:<contractId>`) or one commune (`commune:<memberId>`). */
  scope: ChartScope;
  /** A window's key, as the bilan offers it: « 2026 », « duree ». */
  windowKey: string;
  chart: ChartName;
}

export const chartId = (t: ChartTarget): string => `${t.centraleId}|${t.scope}|${t.windowKey}|${t.chart}`;

/** The target a link's id names, null when it is not one. */
export function parseChartId(id: string): ChartTarget | null {
  const parts = id.split('|');
  if (parts.length !== 4 || parts.some((p) => !p)) return null;
  const [centraleId, scope, windowKey, chart] = parts as [string, string, string, string];
  if (chart !== 'gains' && chart !== 'consommation') return null;
  if (scope !== 'centrale' && !/^(marche|commune):.+$/.test(scope)) return null;
  return { centraleId, scope: scope as ChartScope, windowKey, chart };
}

/**
 * The signed address of a chart's PNG, for a card's `Image.url` (with the chart's `altText`
 * beside it): `chartLink(turn.deps, { centraleId, scope: 'centrale', windowKey: '2026', chart: 'gains' }, expiresAt)`.
 */
export function chartLink(deps: { links: Pick<SignedLinks, 'url'> }, target: ChartTarget, expiresAt: Date): string {
  return deps.links.url('bilan-graphique', chartId(target), expiresAt);
}

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'consumption' | 'surveys' | 'clock'>;

/** The figures a chart draws, from the same reviews as the cards (`queries.ts`); null when its target is gone. */
export async function chartOf(deps: Deps, t: ChartTarget): Promise<BarChart | null> {
  // A link names a year or the whole duration: anything else is no chart.
  if (!/^(\d{4}|duree)$/.test(t.windowKey)) return null;
  const colon = t.scope.indexOf(':');
  const [kind, id] = colon < 0 ? [t.scope, ''] : [t.scope.slice(0, colon), t.scope.slice(colon + 1)];
  const named = (members: Member[]) => (memberId: string) => members.find((m) => m.id === memberId)?.name ?? memberId;
  const gone = (e: unknown) => {
    if (e instanceof DomainError && e.code === ErrorCode.UnknownCentrale) return null;
    throw e;
  };
  if (kind === 'centrale') {
    const v = await centraleBilanOf(deps, t.centraleId, t.windowKey).catch(gone);
    if (!v) return null;
    return t.chart === 'gains' ? savingsChart(v.review) : consumptionChart(v.review, named(v.data.members));
  }
  if (kind === 'marche') {
    const v = await contractBilanOf(deps, t.centraleId, id, t.windowKey).catch(gone);
    if (!v) return null;
    const names = named(v.data.members);
    return t.chart === 'gains' ? contractSavingsChart(v.review, names) : consumptionChart(v.review, names);
  }
  const v = await memberBilanOf(deps, t.centraleId, id, t.windowKey).catch(gone);
  if (!v) return null;
  return t.chart === 'gains'
    ? memberSavingsChart(v.review, v.member.name)
    : memberConsumptionChart(v.review, v.member.name);
}

/** The chart of a signed link's id, as a PNG file; null when there is nothing to draw. */
export async function chartImageFile(deps: Deps & Pick<AppDeps, 'charts'>, id: string): Promise<ServedFile | null> {
  const target = parseChartId(id);
  const chart = target && (await chartOf(deps, target));
  if (!target || !chart) return null;
  const scope = target.scope.replace(/[^a-z0-9-]+/gi, '-');
  return {
    filename: `bilan-${target.chart}-${scope}-${target.windowKey}.png`.replace(/[^a-z0-9.-]+/gi, '-'),
    contentType: 'image/png',
    body: await deps.charts.png(chart),
  };
}
