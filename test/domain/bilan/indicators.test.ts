import { centraleReview, contractReview, contractWindows, memberReview } from '../../../src/domain/bilan/indicators';
import { parsePeriod, yearPeriod, yearsWithin } from '../../../src/domain/bilan/periods';
import { contractA, contractB, contractC, inputs } from '../../support/bilan-fixture';

const now = new Date('2026-12-01T12:00:00Z');
const zone = 'Europe/Paris';
const y2025 = yearPeriod(2025);
const y2026 = yearPeriod(2026);
const y2027 = yearPeriod(2027);
const review = (i: number, w = y2026) => contractReview(inputs()[i]!, w, now, zone);
const member = (r: ReturnType<typeof review>, id: string) => r.members.find((m) => m.memberId === id)!;

describe('bilan des marchés: the hand-computed fixture (3 contracts, 5 communes, 2 periods)', () => {
  describe('A: unit price, renewed at a revised price, one member without a baseline', () => {
    it('savings per year: (reference − price × volume) over the members with a baseline, at each price', () => {
      // 2025 at 3,00 €: m1 35 000 − 0,03 × … = 3 500 000 − 300 × 10 000 = 500 000; m2 1 600 000 − 1 500 000 = 100 000.
      expect(review(0, y2025).annualSavings).toEqual({
        calculable: true,
        cents: 600_000,
        membersCounted: 2,
        membersForecast: 3,
      });
      // 2026, renewed at 3,10 €: m1 3 500 000 − 3 100 000 = 400 000; m2 1 600 000 − 1 550 000 = 50 000.
      const r = review(0);
      expect(r.annualSavings).toEqual({ calculable: true, cents: 450_000, membersCounted: 2, membersForecast: 3 });
      expect(r.periodSavings).toMatchObject({ calculable: true, cents: 450_000 });
      expect(r.renewalsInWindow).toBe(1);
      expect(r.priceInForce?.unitPriceCents).toBe(310);
    });

    it('over the whole duration, each priced period counts for its own year', () => {
      const duree = contractWindows(contractA).find((w) => w.key === 'duree')!;
      expect(duree).toMatchObject({ from: '2025-01-01', to: '2026-12-31' });
      expect(contractWindows(contractA).map((w) => w.key)).toEqual(['2025', '2026', 'duree']);
      // 600 000 (2025) + 450 000 (2026).
      expect(review(0, duree).periodSavings).toMatchObject({ calculable: true, cents: 1_050_000 });
    });

    it('per member: savings, none for the member without a baseline (never 0)', () => {
      const r = review(0);
      expect(member(r, 'm1').annualSavingsCents).toBe(400_000);
      expect(member(r, 'm2').periodSavingsCents).toBe(50_000);
      expect(member(r, 'm3').annualSavingsCents).toBeNull();
      expect(member(r, 'm3').periodSavingsCents).toBeNull();
      expect(member(r, 'm3').referenceGiven).toBe(false);
    });

    it('consumption against forecast, over the two reported half-years', () => {
      const r = review(0);
      expect(r.reportedPeriods).toEqual(['1er semestre 2026', '2e semestre 2026']);
      // 4 800 + 2 600 + 0 + 5 400 + 2 400 + 1 000 = 16 200 repas, for a forecast of 17 000 over the year.
      expect(r.consumedQuantity).toBe('16200');
      expect(r.forecastReportedQuantity).toBe('17000');
      expect(r.consumptionRatio).toBeCloseTo(16_200 / 17_000, 10);
      expect(r.consumedCents).toBe(5_022_000);
      expect(member(r, 'm1').consumptionRatio).toBeCloseTo(1.02, 10);
      expect(member(r, 'm2').consumptionRatio).toBeCloseTo(1, 10);
      expect(member(r, 'm3').consumptionRatio).toBeCloseTo(0.5, 10);
    });

    it('members using it and their share of the volume', () => {
      const r = review(0);
      expect(r.membersUsing).toBe(3);
      expect(r.membersDeclared).toBe(3);
      expect(member(r, 'm1').shareOfVolume).toBeCloseTo(10_200 / 16_200, 10);
      expect(member(r, 'm3').shareOfVolume).toBeCloseTo(1_000 / 16_200, 10);
      const shares = r.members.map((m) => m.shareOfVolume ?? 0);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    });

    it('disputes of the window: by category, recurrence, penalties, delays', () => {
      const d = review(0).disputes;
      expect(d.total).toBe(3); // d4's facts are in 2025
      expect(d.byCategory).toEqual({ retard: 2, qualite: 1 });
      expect(d.recurrent).toBe(1); // the second « retard »
      expect(d.penaltiesCents).toBe(50_000);
      expect(d.meanTakeChargeH).toBe(2);
      expect(d.meanResolveH).toBe(48);
      expect(review(0, y2025).disputes.total).toBe(1);
    });

    it('satisfaction: the mean of the ratings when enough people answered', () => {
      // (4 + 5 + 3 + 4 + 2 + 4) / 6 = 3,67 → 3,7
      expect(review(0).satisfaction).toEqual({ answers: 4, threshold: 3, shown: true, mean: 3.7 });
    });
  });

  describe('B: no baseline at all', () => {
    it('savings are « non calculable », never 0', () => {
      const r = review(1);
      expect(r.annualSavings).toEqual({ calculable: false, reason: 'aucun prix de référence' });
      expect(r.periodSavings.calculable).toBe(false);
      expect(r.members.every((m) => m.periodSavingsCents === null)).toBe(true);
    });

    it('consumption over the one reported half-year: 300 ramettes for 1 400 × 181/365', () => {
      const r = review(1);
      expect(r.consumptionRatio).toBeCloseTo(300 / ((1_400 * 181) / 365), 10);
      expect(r.consumptionRatio).toBeCloseTo(0.4321, 4);
      expect(r.membersUsing).toBe(1);
      expect(member(r, 'm4').shareOfVolume).toBe(1);
      expect(member(r, 'm3').consumedQuantity).toBe('0');
    });

    it('satisfaction under the anonymity threshold is not shown', () => {
      expect(review(1).satisfaction).toEqual({ answers: 2, threshold: 3, shown: false, mean: null });
    });
  });

  describe('C: a forfait starting mid-year', () => {
    it('savings: the whole baseline against the awarded amount, pro rata of the days in the year', () => {
      // 5 500 000 + 4 200 000 − 9 000 000 = 700 000 per year; 2026 has 184 of its 365 days.
      const r = review(2);
      expect(r.annualSavings).toMatchObject({ calculable: true, cents: 700_000 });
      expect(r.activeYears).toBeCloseTo(184 / 365, 10);
      expect(r.periodSavings).toMatchObject({ calculable: true, cents: Math.round((700_000 * 184) / 365) });
      expect(r.periodSavings).toMatchObject({ cents: 352_877 });
      // m4: 5 500 000 − 9 000 000 × 600/1 000 = 100 000; m5: 4 200 000 − 3 600 000 = 600 000.
      expect(member(r, 'm4').annualSavingsCents).toBe(100_000);
      expect(member(r, 'm5').annualSavingsCents).toBe(600_000);
      expect(member(r, 'm4').periodSavingsCents).toBe(50_411);
      expect(member(r, 'm5').periodSavingsCents).toBe(302_466);
      // no report: no ratio, and the share is the forecast's
      expect(r.consumptionRatio).toBeNull();
      expect(member(r, 'm4').shareOfVolume).toBeCloseTo(0.6, 10);
    });

    it('a forfait with one baseline missing is « non calculable »', () => {
      const missing = {
        ...inputs()[2]!,
        contract: {
          ...contractC,
          economics: {
            ...contractC.economics!,
            forecasts: contractC.economics!.forecasts.map((f, i) => (i ? { ...f, referenceAnnualCents: null } : f)),
          },
        },
      };
      expect(contractReview(missing, y2026, now, zone).annualSavings.calculable).toBe(false);
    });
  });

  describe('the centrale and the communes', () => {
    it('2026: three contracts ran, two calculable; sustainable share 2/3', () => {
      const c = centraleReview(inputs(), y2026, now, zone);
      expect(c.activeContracts).toBe(3);
      expect(c.calculableContracts).toBe(2);
      expect(c.savingsCents).toBe(450_000 + 352_877);
      expect(c.annualSavingsCents).toBe(450_000 + 700_000);
      expect(c.sustainableContracts).toBe(2);
      expect(c.sustainableShare).toBeCloseTo(2 / 3, 10);
      expect(c.consumedCents).toBe(5_022_000 + 75_000);
      expect(c.disputes).toBe(3);
      expect(c.penaltiesCents).toBe(50_000);
    });

    it('2027: A has ended; C counts its 181 days', () => {
      const c = centraleReview(inputs(), y2027, now, zone);
      expect(c.contracts.map((r) => r.contractId)).toEqual(['B', 'C']);
      expect(c.savingsCents).toBe(Math.round((700_000 * 181) / 365));
      expect(c.sustainableShare).toBe(1);
    });

    it('a commune sees its own figures: m4 saved on C, B is not calculable for it', () => {
      const m4 = memberReview(centraleReview(inputs(), y2026, now, zone), 'm4');
      expect(m4.contracts.map((c) => c.contractId)).toEqual(['B', 'C']);
      expect(m4.savingsCents).toBe(50_411);
      expect(m4.notCalculable).toBe(1);
      const m3 = memberReview(centraleReview(inputs(), y2026, now, zone), 'm3');
      expect(m3.savingsCents).toBeNull();
      expect(m3.notCalculable).toBe(2);
      expect(memberReview(centraleReview(inputs(), y2026, now, zone), 'm1').savingsCents).toBe(400_000);
    });
  });

  describe('periods', () => {
    it.each([
      ['2026', '2026', '2026-01-01', '2026-12-31', '2026'],
      ['T1 2026', '2026-T1', '2026-01-01', '2026-03-31', '1er trimestre 2026'],
      ['2026-t4', '2026-T4', '2026-10-01', '2026-12-31', '4e trimestre 2026'],
      ['2026-S2', '2026-S2', '2026-07-01', '2026-12-31', '2e semestre 2026'],
      ['02/2028', '2028-02', '2028-02-01', '2028-02-29', 'février 2028'],
      ['Février 2027', '2027-02', '2027-02-01', '2027-02-28', 'février 2027'],
      ['2026-3', '2026-03', '2026-03-01', '2026-03-31', 'mars 2026'],
    ])('%s', (raw, key, from, to, label) => {
      expect(parsePeriod(raw)).toEqual({ key, from, to, label });
    });
    it.each(['', '2026-T5', '2026-S3', '13/2026', '1999', 'brumaire 2026', '2026-13'])('refuses « %s »', (raw) => {
      expect(parsePeriod(raw)).toBeNull();
    });
    it('a leap year counts 366 days: a whole year is 1', () => {
      expect(yearsWithin({ from: '2028-01-01', to: '2028-12-31' }, yearPeriod(2028))).toBe(1);
      expect(
        yearsWithin({ from: '2027-07-01', to: '2028-06-30' }, { from: '2027-01-01', to: '2028-12-31' }),
      ).toBeCloseTo(184 / 365 + 182 / 366, 12);
      expect(contractWindows(contractB).map((w) => w.key)).toEqual(['2026', '2027', 'duree']);
    });
  });
});
