import { centraleReview, contractWindows, memberReview } from '../../src/domain/bilan/indicators';
import { yearPeriod } from '../../src/domain/bilan/periods';
import {
  consumptionChart,
  contractSavingsChart,
  frenchPercent,
  memberConsumptionChart,
  memberSavingsChart,
  savingsChart,
} from '../../src/app/bilan/charts';
import { chartId, parseChartId } from '../../src/app/bilan/chart-image';
import { contractA, inputs } from '../support/bilan-fixture';

/**
 * The bilan's charts from the hand-computed fixture (test/support/bilan-fixture.ts; the figures
 * are those of test/domain/bilan/indicators.test.ts): one bar per contract or member, French
 * texts, « non calculable » never drawn as 0 €.
 */
const now = new Date('2026-12-01T12:00:00Z');
const zone = 'Europe/Paris';
const y2026 = yearPeriod(2026);
const centrale = (w = y2026) => centraleReview(inputs(), w, now, zone);
const NAMES: Record<string, string> = {
  m1: 'Villeurbanne',
  m2: 'Bron',
  m3: 'Vénissieux',
  m4: 'Caluire',
  m5: 'Rillieux',
};
const names = (id: string) => NAMES[id] ?? id;

describe('savingsChart: gains achats per contract', () => {
  const chart = savingsChart(centrale());

  it('one bar per contract that ran in 2026, its savings in cents and in French euros', () => {
    expect(chart.title).toBe('Gains achats — 2026');
    expect(chart.bars.map((b) => [b.label, b.value, b.valueText, Boolean(b.muted)])).toEqual([
      ['2025-001 — Restauration scolaire', 450_000, '4 500,00 €', false],
      ['2026-002 — Fournitures de bureau', 0, 'non calculable', true],
      // C: a forfait from 1 July: 7 000 € a year, for the half-year it ran.
      ['2026-003 — Nettoyage des locaux', 352_877, '3 528,77 €', false],
    ]);
  });

  it('« non calculable » is muted and never 0 €, in the picture and in words', () => {
    const b = chart.bars[1]!;
    expect(b).toMatchObject({ muted: true, valueText: 'non calculable' });
    expect(chart.altText).not.toContain(': 0,00 €');
    expect(chart.bars.map((x) => x.valueText)).not.toContain('0,00 €');
    expect(chart.altText).toContain('2026-002 — Fournitures de bureau : non calculable (aucun prix de référence).');
  });

  it('altText lists every figure and the total; the caption says the total and what is missing', () => {
    expect(chart.altText).toBe(
      'Gains achats — 2026. 2025-001 — Restauration scolaire : 4 500,00 €. ' +
        '2026-002 — Fournitures de bureau : non calculable (aucun prix de référence). ' +
        '2026-003 — Nettoyage des locaux : 3 528,77 €. Total : 8 028,77 €.',
    );
    expect(chart.caption).toBe('Gains sur 2026, par marché, total 8 028,77 € (1 marché non calculable).');
  });

  it('over the whole duration, the window label is the title', () => {
    const duree = { key: 'duree', from: '2025-01-01', to: '2027-12-31', label: 'toute la durée des marchés' };
    const c = savingsChart(centrale(duree));
    expect(c.title).toBe('Gains achats — toute la durée des marchés');
    // A: 6 000 € in 2025 + 4 500 € in 2026.
    expect(c.bars[0]!.valueText).toBe('10 500,00 €');
  });

  it('a year with no contract: no bar, and it says so', () => {
    const c = savingsChart(centrale(yearPeriod(2030)));
    expect(c.bars).toEqual([]);
    expect(c.altText).toBe('Gains achats — 2030. Aucun marché sur cette période. Aucun gain calculable.');
  });
});

describe('consumptionChart: consumed against forecast, the forecast as a mark at 100 %', () => {
  it('for a contract: one bar per member, the ratio, the mark at 1, French percents', () => {
    const r = centrale().contracts[0]!;
    const chart = consumptionChart(r, names);
    expect(chart.title).toBe('Consommation — 2025-001 — Restauration scolaire — 2026');
    expect(chart.bars.map((b) => [b.label, b.valueText, b.target])).toEqual([
      ['Villeurbanne', '102 %', 1],
      ['Bron', '100 %', 1],
      ['Vénissieux', '50 %', 1],
    ]);
    expect(chart.bars[0]!.value).toBeCloseTo(1.02, 10);
    expect(chart.caption).toBe(
      'Barre : consommé ; trait : prévision sur les périodes déclarées (1er semestre 2026 et 2e semestre 2026) = 100 %.',
    );
    expect(chart.altText).toContain('Villeurbanne : 102 % de la prévision. Bron : 100 % de la prévision.');
  });

  it('for the centrale: one bar per contract; a contract without report is muted, with no mark', () => {
    const chart = consumptionChart(centrale(), names);
    expect(chart.title).toBe('Consommation des marchés — 2026');
    expect(chart.bars.map((b) => [b.label, b.valueText, b.target ?? null, Boolean(b.muted)])).toEqual([
      // 16 200 repas for 17 000 forecast: 95,29… %.
      ['2025-001 — Restauration scolaire', '95,3 %', 1, false],
      ['2026-002 — Fournitures de bureau', '43,2 %', 1, false],
      ['2026-003 — Nettoyage des locaux', 'aucun relevé', null, true],
    ]);
    expect(chart.altText).toContain('2026-003 — Nettoyage des locaux : aucun relevé.');
  });

  it('a member with no forecast on a reported contract: « sans prévision », muted', () => {
    const r = centrale().contracts[1]!; // B: m3 and m4; a line for m9 who has no forecast
    const extra = { ...r, members: [...r.members, { ...r.members[0]!, memberId: 'm9', consumptionRatio: null }] };
    const chart = consumptionChart(extra, names);
    expect(chart.bars.at(-1)).toMatchObject({ label: 'm9', valueText: 'sans prévision', muted: true });
  });

  it('French percents: whole or one decimal, comma', () => {
    expect(frenchPercent(0.95)).toBe('95 %');
    expect(frenchPercent(16_200 / 17_000)).toBe('95,3 %');
    expect(frenchPercent(1.5124)).toBe('151,2 %');
    expect(frenchPercent(0)).toBe('0 %');
  });
});

describe('memberSavingsChart: a commune sees its own savings', () => {
  it('m4: C counted, B « non calculable » (no baseline given), title with its name', () => {
    const chart = memberSavingsChart(memberReview(centrale(), 'm4'), 'Caluire');
    expect(chart.title).toBe('Gains achats de Caluire — 2026');
    expect(chart.bars.map((b) => [b.label, b.valueText, Boolean(b.muted)])).toEqual([
      ['2026-002 — Fournitures de bureau', 'non calculable', true],
      ['2026-003 — Nettoyage des locaux', '504,11 €', false],
    ]);
    expect(chart.altText).toBe(
      'Gains achats de Caluire — 2026. 2026-002 — Fournitures de bureau : non calculable (aucun prix de référence donné). ' +
        '2026-003 — Nettoyage des locaux : 504,11 €. Total : 504,11 €.',
    );
  });

  it('m1 over the contract A duration: its own figure only', () => {
    const duree = contractWindows(contractA).at(-1)!;
    const chart = memberSavingsChart(memberReview(centrale(duree), 'm1'), 'Villeurbanne');
    // 5 000 € in 2025 + 4 000 € in 2026.
    expect(chart.bars.map((b) => b.valueText)).toEqual(['9 000,00 €']);
    expect(chart.altText).not.toContain('Bron');
  });
});

describe('a contract’s savings per member, a commune’s consumption per contract', () => {
  it('A in 2026: m1 4 000 €, m2 500 €, m3 « non calculable »; the contract’s total', () => {
    const chart = contractSavingsChart(centrale().contracts[0]!, names);
    expect(chart.bars.map((b) => [b.label, b.valueText, Boolean(b.muted)])).toEqual([
      ['Villeurbanne', '4 000,00 €', false],
      ['Bron', '500,00 €', false],
      ['Vénissieux', 'non calculable', true],
    ]);
    expect(chart.caption).toBe('Gains sur 2026, par adhérent, total 4 500,00 €.');
  });

  it('B has no baseline: every member and the total « non calculable », with the reason', () => {
    const chart = contractSavingsChart(centrale().contracts[1]!, names);
    expect(chart.bars.every((b) => b.muted && b.valueText === 'non calculable')).toBe(true);
    expect(chart.caption).toBe('Gains sur 2026, par adhérent, non calculable (aucun prix de référence).');
  });

  it('m4 (Écully here): B reported (151,2 %), C not yet (« aucun relevé », no mark); « d’Écully »', () => {
    const chart = memberConsumptionChart(memberReview(centrale(), 'm4'), 'Écully');
    expect(chart.title).toBe('Consommation d’Écully — 2026');
    expect(chart.bars.map((b) => [b.label, b.valueText, b.target ?? null])).toEqual([
      ['2026-002 — Fournitures de bureau', '151,2 %', 1],
      ['2026-003 — Nettoyage des locaux', 'aucun relevé', null],
    ]);
  });
});

describe('a chart link’s id', () => {
  it('round-trips, and anything else is not a chart', () => {
    const t = { centraleId: 'c', scope: 'marche:A', windowKey: 'duree', chart: 'consommation' } as const;
    expect(chartId(t)).toBe('c|marche:A|duree|consommation');
    expect(parseChartId(chartId(t))).toEqual(t);
    for (const bad of [
      'c|centrale|2026',
      'c|centrale|2026|camembert',
      'c|lot:A|2026|gains',
      '|centrale|2026|gains',
      'c|marche:|2026|gains',
    ])
      expect(parseChartId(bad)).toBeNull();
  });
});
