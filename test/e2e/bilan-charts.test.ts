import { PNG } from 'pngjs';
import { Harness, startHarness } from '../support/bot-harness';
import { keepServed } from '../support/served-documents';
import { contractA, contractB, contractC, reports } from '../support/bilan-fixture';
import { Contract } from '../../src/domain/disputes/registry';
import { ChartTarget, chartLink } from '../../src/app/bilan/chart-image';

/**
 * The bilan's charts behind signed links, fetched through the bot's real HTTP server as Teams
 * fetches a card's `Image.url`: a PNG of the chart the link was signed for; a link altered to
 * another centrale, another window, another scope or chart is refused (403), an expired one is
 * gone (410), a window that is not offered is not found (404).
 */
let h: Harness;
const CENTRALE = 'metropole-de-lyon';
// The fixture's communes as the demo's members.
const MEMBERS: Record<string, string> = {
  m1: 'villeurbanne',
  m2: 'venissieux',
  m3: 'bron',
  m4: 'caluire-et-cuire',
  m5: 'ccas-saint-priest',
};
const inDemo = (c: Contract): Contract => ({
  ...c,
  centraleId: CENTRALE,
  fileId: `dossier-${c.id}`,
  memberIds: c.memberIds.map((m) => MEMBERS[m]!),
  economics: c.economics && {
    ...c.economics,
    forecasts: c.economics.forecasts.map((f) => ({ ...f, memberId: MEMBERS[f.memberId]! })),
  },
});
const hour = () => new Date(Date.now() + 3_600_000);
const link = (over: Partial<ChartTarget> = {}, expiresAt = hour()) =>
  chartLink(h.bot, { centraleId: CENTRALE, scope: 'centrale', windowKey: '2026', chart: 'gains', ...over }, expiresAt);

beforeAll(async () => {
  h = await startHarness({});
  for (const c of [contractA, contractB, contractC]) await h.bot.store.disputes.saveContract(inDemo(c));
  await h.bot.store.consumption.saveReports(
    reports.map((r) => ({
      ...r,
      centraleId: CENTRALE,
      lines: r.lines.map((l) => ({ ...l, memberId: MEMBERS[l.memberId]! })),
    })),
  );
});
afterAll(async () => {
  await h?.stop();
});

describe('a chart’s signed link, through the bot’s HTTP server', () => {
  it.each([
    ['centrale', 'gains'],
    ['centrale', 'consommation'],
    ['marche:A', 'gains'],
    ['marche:A', 'consommation'],
    ['commune:caluire-et-cuire', 'gains'],
    ['commune:villeurbanne', 'consommation'],
  ] as const)('%s · %s: 200, image/png, a 600 px wide PNG', async (scope, chart) => {
    const res = await fetch(link({ scope, chart }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    const read = PNG.sync.read(png);
    expect(read.width).toBe(600);
    expect(read.height).toBeGreaterThan(100);
    await keepServed(
      `bilan-${chart}-${scope.replace(':', '-')}-2026.png`,
      png,
      `Graphique du bilan (${chart}, ${scope})`,
      'src/app/bilan/chart-image.ts (chartLink), dessiné par src/documents/chart.ts',
    );
  });

  it('the picture is the chart of that link: the centrale’s gains differ from its consumption and from 2025', async () => {
    const bytes = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
    const gains = await bytes(link());
    expect(gains.equals(await bytes(link()))).toBe(true);
    expect(gains.equals(await bytes(link({ chart: 'consommation' })))).toBe(false);
    expect(gains.equals(await bytes(link({ windowKey: '2025' })))).toBe(false);
  });

  it('a link altered to another centrale, another window, scope or chart: 403, and no picture', async () => {
    const url = link();
    const encoded = encodeURIComponent(`${CENTRALE}|centrale|2026|gains`);
    expect(url).toContain(`/fichiers/bilan-graphique/${encoded}?`);
    for (const altered of [
      `${'autre-centrale'}|centrale|2026|gains`,
      `${CENTRALE}|centrale|2025|gains`,
      `${CENTRALE}|centrale|duree|gains`,
      `${CENTRALE}|marche:A|2026|gains`,
      `${CENTRALE}|centrale|2026|consommation`,
    ]) {
      const res = await fetch(url.replace(encoded, encodeURIComponent(altered)));
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toContain('Ce lien n’est pas valide');
    }
    // Another kind of file with the same signature: refused too.
    expect((await fetch(url.replace('/bilan-graphique/', '/bilan-xlsx/'))).status).toBe(403);
  });

  it('a year with no contract (the bilan’s default then): a picture that says there is nothing', async () => {
    const res = await fetch(link({ windowKey: '2031' }));
    expect(res.status).toBe(200);
    const png = Buffer.from(await res.arrayBuffer());
    const short = PNG.sync.read(png);
    expect(short.height).toBeLessThan(PNG.sync.read(Buffer.from(await (await fetch(link())).arrayBuffer())).height);
  });

  it('signed, but for a centrale, contract, commune or window that is not there: 404; expired: 410', async () => {
    expect((await fetch(link({ centraleId: 'autre-centrale' }))).status).toBe(404);
    expect((await fetch(link({ windowKey: 'semaine-sainte' }))).status).toBe(404);
    expect((await fetch(link({ scope: 'marche:Z' }))).status).toBe(404);
    expect((await fetch(link({ scope: 'commune:lyon-inconnue' }))).status).toBe(404);
    const expired = await fetch(link({}, new Date(Date.now() - 60_000)));
    expect(expired.status).toBe(410);
  });
});
