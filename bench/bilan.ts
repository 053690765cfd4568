import { centraleBilanView, contractBilanView, memberBilanView } from '../src/app/bilan/queries';
import { Actor } from '../src/app/identify-actor';
import { createChartRenderer } from '../src/documents/chart';
import { formatEuros } from '../src/domain/needs/money';
import { openStore } from '../src/store/open-store';
import { seedYears } from './seed-years';

/**
 * The bilan des marchés as the years pile up: the same questions asked of a centrale with one
 * year of history and of one with BENCH_YEARS (20 by default), each seeded by bench/seed-years.ts
 * (4 contracts a year with their economics and 4 quarterly reports of 60 communes, 300 disputes a
 * year) straight into the embedded server's memory, read through the real SDK. For each, the
 * median of 5 runs (ms) of: the centrale's bilan for the current year (`centrale_year`), over all
 * contracts' duration (`centrale_all`), one contract's (`contract`), a commune's (`member`), the
 * savings chart as PNG (`chart_png`), and a point read of one contract as the floor (`floor`).
 * Prints one JSON line with both and the ratio 20 years / 1 year for each.
 */
const YEARS = Number(process.env.BENCH_YEARS ?? 20);
const RUNS = 5;
const NOW = new Date('2026-11-15T10:00:00Z');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(what: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await what();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return Math.round(median(ms) * 10) / 10;
}

async function measure(years: number) {
  const store = await openStore({ kind: 'embedded', databaseId: `bench-bilan-${years}`, snapshotFile: null });
  try {
    await store.prepare();
    const stats = await seedYears(store, { years, now: NOW });
    const deps = {
      governance: store.governance,
      disputes: store.disputes,
      consumption: store.consumption,
      surveys: store.surveys,
      clock: { now: () => NOW },
    };
    const people = await store.governance.listPeople(stats.centraleId);
    const buyer = people.find((p) => p.roles.includes('acheteur') || p.roles.includes('administrateur'))!;
    const referent = people.find((p) => p.roles.includes('referent') && p.memberId)!;
    const centrale = await store.governance.getCentrale(stats.centraleId);
    const actor = (person: typeof buyer): Actor =>
      ({ identity: null, key: person.key, person, centrale }) as unknown as Actor;
    const year = await centraleBilanView(deps, actor(buyer));
    const contractId = year.review.contracts[0]!.contractId;
    const charts = createChartRenderer();
    const chart = {
      title: `Gains achats — ${year.review.window.label}`,
      caption: '',
      altText: '',
      bars: year.review.contracts.map((r) => ({
        label: r.label,
        value: r.periodSavings.calculable ? Math.max(0, r.periodSavings.cents) : 0,
        valueText: r.periodSavings.calculable ? formatEuros(r.periodSavings.cents, ' €') : 'non calculable',
      })),
    };
    const figures = {
      contracts: (await store.disputes.listContracts(stats.centraleId)).length,
      contracts_in_year: year.review.contracts.length,
      savings_year: year.review.savingsCents,
      centrale_year: await time(() => centraleBilanView(deps, actor(buyer))),
      centrale_all: await time(() => centraleBilanView(deps, actor(buyer), 'duree')),
      contract: await time(() => contractBilanView(deps, actor(buyer), contractId)),
      member: await time(() => memberBilanView(deps, actor(referent), {})),
      chart_png: await time(() => charts.png(chart)),
      floor: await time(() => store.disputes.getContract(stats.centraleId, contractId)),
      heap_mb: Math.round(process.memoryUsage().heapUsed / 1e6),
    };
    return figures;
  } finally {
    await store.close();
  }
}

async function main() {
  const one = await measure(1);
  const many = await measure(YEARS);
  const keys = ['centrale_year', 'centrale_all', 'contract', 'member', 'chart_png', 'floor'] as const;
  const ratio = Object.fromEntries(keys.map((k) => [k, Math.round((many[k] / one[k]) * 10) / 10]));
  console.log(JSON.stringify({ bench: 'bilan', years: YEARS, one_year: one, many_years: many, ratio }));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
