import { SeedStats, seedYears } from '../../bench/seed-years';
import { Store, openStore } from '../../src/store/open-store';

/**
 * The seeder of the scale benchmarks writes what the repositories write: one seeded year, read
 * back through the real repositories over the SDK (each read parses the documents with the
 * repositories' zod schemas), holds a large centrale's year, all of it in the past.
 */
const NOW = new Date('2026-06-15T10:00:00Z');
let store: Store;
let stats: SeedStats;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'seed-test', snapshotFile: null });
  stats = await seedYears(store, { years: 1, now: NOW, server: null });
}, 120_000);
afterAll(() => store.close());

const CENTRALE = 'metropole-de-lyon';
const YEAR = 2025;

describe('seedYears', () => {
  it('writes the centrale with 60 communes, their people and 9 instances, read back by the governance repository', async () => {
    const members = await store.governance.listMembers(CENTRALE);
    expect(members.filter((m) => m.kind === 'commune').length).toBeGreaterThanOrEqual(60);
    expect(members.map((m) => m.id)).toEqual(expect.arrayContaining(stats.communes));
    const instances = await store.governance.listInstances(CENTRALE);
    expect(instances).toHaveLength(9);
    for (const i of instances) expect(i.members.length).toBeGreaterThan(0);
    const people = await store.governance.listPeople(CENTRALE);
    expect(people.map((p) => p.key)).toEqual(expect.arrayContaining(stats.people));
    // The directory index lets each of them in.
    expect(await store.directory.centralesOf(stats.people.at(-1)!)).toEqual([CENTRALE]);
  });

  it('writes 50 held sittings × 20 members with one answer document per member', async () => {
    let sittings = 0;
    let answers = 0;
    // By id: an instance's listing shows only its recent sittings (and its last five).
    const instances = new Set((await store.governance.listInstances(CENTRALE)).map((i) => i.id));
    for (let n = 1; n <= 60; n++) {
      const s = await store.meetings.get(`seance-${YEAR}-${String(n).padStart(3, '0')}`);
      if (s) {
        sittings++;
        expect(instances).toContain(s.instanceId);
        expect(s.memberKeys.length).toBeLessThanOrEqual(20);
        expect(new Date(s.startsAt).getUTCFullYear()).toBe(YEAR);
        const given = await store.meetings.answersOf(s.id);
        for (const a of given) expect(s.memberKeys).toContain(a.personKey);
        answers += given.length;
      }
    }
    expect(sittings).toBe(50);
    // Most members answer (a few stay silent).
    expect(answers).toBeGreaterThan(50 * 15);
  });

  it('writes 200 closed ballots with one vote document per voter, counted in their result', async () => {
    let votes = 0;
    for (let b = 1; b <= 200; b++) {
      const ballot = await store.ballots.get(`scrutin-${YEAR}-${String(b).padStart(3, '0')}`);
      expect(ballot?.status).toBe('clos');
      if (b % 10 !== 1) continue;
      const cast = await store.ballots.votes(ballot!.id);
      expect(ballot!.result!.cast).toBe(cast.length);
      expect(new Date(ballot!.closesAt).getTime()).toBeLessThan(NOW.getTime());
      votes += cast.length;
      if (b === 1)
        expect((await store.ballots.events(ballot!.id)).map((e) => e.action)).toEqual(['ouverture', 'cloture']);
    }
    expect(votes).toBeGreaterThan(20 * 10);
  });

  it('writes 3 campaigns × 60 communes × 10 needs, the communes’ answers and the programme', async () => {
    // By id: the centrale's list shows the campaigns open or of the last year only.
    const campaigns = (
      await Promise.all([1, 2, 3, 4].map((n) => store.needs.getCampaign(`campagne-${YEAR}-${n}`)))
    ).filter((c) => c !== null);
    expect(campaigns).toHaveLength(3);
    for (const c of campaigns) {
      const needs = await store.needs.needs(c.id);
      expect(needs).toHaveLength(600);
      expect(new Set(needs.map((n) => n.memberId)).size).toBe(60);
      expect(await store.needs.answers(c.id)).toHaveLength(60);
      expect((await store.needs.getProgramme(c.id))?.items.length).toBeGreaterThan(0);
    }
  });

  it('writes 300 disputes of the year on the file’s contracts, and the reference counter after them', async () => {
    const all = await store.disputes.listByCentrale(CENTRALE);
    expect(all).toHaveLength(300);
    expect(all.every((d) => d.createdAt.startsWith(String(YEAR)))).toBe(true);
    const contracts = await store.disputes.listContracts(CENTRALE);
    expect(all.every((d) => contracts.some((c) => c.id === d.contractId))).toBe(true);
    expect(await store.disputes.nextRef(CENTRALE, YEAR)).toBe(`LIT-${YEAR}-0301`);
  });

  it('gives the year’s contracts their economics and four quarterly consumption reports each', async () => {
    const contracts = await store.disputes.listContracts(CENTRALE);
    expect(contracts).toHaveLength(4);
    expect(contracts.every((c) => c.economics?.forecasts.length === 60)).toBe(true);
    const reports = await store.consumption.listReports(CENTRALE, { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` });
    expect(reports).toHaveLength(16);
    expect(reports.every((r) => r.lines.length === 60)).toBe(true);
  });

  it('counts what it wrote, per container', () => {
    expect(stats.docs).toBe(Object.values(stats.byContainer).reduce((a, b) => a + b, 0));
    expect(stats.byContainer.meetings).toBeGreaterThan(50 * 21);
  });
});

describe('seedYears straight into the embedded server’s memory', () => {
  it('holds the same documents as through the SDK, read back by the repositories', async () => {
    const direct = await openStore({ kind: 'embedded', databaseId: 'seed-direct', snapshotFile: null });
    try {
      const loaded = await seedYears(direct, { years: 1, now: NOW });
      expect(loaded.byContainer).toEqual(stats.byContainer);
      expect(await direct.disputes.listByCentrale(CENTRALE)).toHaveLength(300);
      expect(await direct.needs.needs(`campagne-${YEAR}-2`)).toHaveLength(600);
      expect(await direct.meetings.answersOf(`seance-${YEAR}-007`)).toEqual(
        await store.meetings.answersOf(`seance-${YEAR}-007`),
      );
    } finally {
      await direct.close();
    }
  });
});
