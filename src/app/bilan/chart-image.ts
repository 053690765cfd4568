import {
  Window,
  centraleReview,
  centraleWindows,
  contractReview,
  contractWindows,
  memberReview,
} from '../../domain/bilan/indicators';
import { yearPeriod } from '../../domain/bilan/periods';
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
import { loadBilanData, reviewInputs } from './queries';

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

/**
 * The window a key names among those offered; a year not offered (the bilan's default when no
 * contract ran, `pickWindow`) is that year, with nothing in it — the picture then says so.
 */
const windowOf = (windows: Window[], key: string): Window | null =>
  windows.find((w) => w.key === key) ?? (/^\d{4}$/.test(key) ? yearPeriod(Number(key)) : null);

/**
 * The chart a target names, from the centrale's data (no actor: the signed link is the
 * permission); null when the centrale, the contract, the commune or the window is not (or no
 * longer) there.
 */
export async function chartOf(deps: Deps, t: ChartTarget): Promise<BarChart | null> {
  const data = await loadBilanData(deps, t.centraleId).catch(() => null);
  if (!data) return null;
  const now = deps.clock.now();
  const memberName = (id: string) => data.members.find((m) => m.id === id)?.name ?? id;
  if (t.scope === 'centrale') {
    const window = windowOf(centraleWindows(data.contracts), t.windowKey);
    if (!window) return null;
    const review = centraleReview(
      await reviewInputs(deps, data.centraleId, data.contracts, window),
      window,
      now,
      data.timeZone,
    );
    return t.chart === 'gains' ? savingsChart(review) : consumptionChart(review, memberName);
  }
  const [kind, id] = [t.scope.slice(0, t.scope.indexOf(':')), t.scope.slice(t.scope.indexOf(':') + 1)];
  if (kind === 'marche') {
    const contract = data.contracts.find((c) => c.id === id);
    const window = contract && windowOf(contractWindows(contract), t.windowKey);
    if (!contract || !window) return null;
    const [input] = await reviewInputs(deps, data.centraleId, [contract], window);
    const review = contractReview(input!, window, now, data.timeZone);
    return t.chart === 'gains' ? contractSavingsChart(review, memberName) : consumptionChart(review, memberName);
  }
  const member = data.members.find((m) => m.id === id);
  if (!member) return null;
  const used = data.contracts.filter((c) => c.memberIds.includes(member.id));
  const window = windowOf(centraleWindows(used), t.windowKey);
  if (!window) return null;
  const inputs = await reviewInputs(deps, data.centraleId, used, window);
  const review = memberReview(centraleReview(inputs, window, now, data.timeZone), member.id);
  return t.chart === 'gains' ? memberSavingsChart(review, member.name) : memberConsumptionChart(review, member.name);
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
