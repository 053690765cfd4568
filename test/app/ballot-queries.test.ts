import { governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { identifyActor } from '../../src/app/identify-actor';
import { loadGovernance } from '../../src/app/governance/load-governance';
import { manageView } from '../../src/app/ballots/manage-view';
import { ballotFor } from '../../src/app/ballots/open-ballot';
import { recentVotes } from '../../src/app/ballots/recent-votes';
import { voterView } from '../../src/app/ballots/voter-view';
import { DEFAULT_CHOICES } from '../../src/domain/ballots/ballot';
import { Vote } from '../../src/domain/ballots/voting';
import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { Store, openStore } from '../../src/store/open-store';
import seedJson from '../../data/governance/metropole-de-lyon.json';

/** The reads behind the ballot cards, against the embedded Cosmos server and a clock of our own. */
let store: Store;
let now = new Date('2026-12-01T09:00:00Z');
const clock = { now: () => now };
const T = 'tenant';
const people = ['orga', 'anne', 'bruno', 'chloe'];
const key = (name: string) => personKey(T, name);
const deps = () => ({ governance: store.governance, ballots: store.ballots, meetings: store.meetings, clock });
const actor = (name: string) => identifyActor(store, { tenantId: T, aadObjectId: name, displayName: name });
const vote = (voterKey: string, choice = 'Pour'): Vote => ({
  voterKey,
  castBy: voterKey,
  choice,
  reason: '',
  revision: 1,
  at: now.toISOString(),
});
let ballotId = '';

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'ballot-queries', snapshotFile: null });
  await loadGovernance(store, governanceSeedSchema.parse(seedJson), []);
  for (const p of [...people, 'outsider']) {
    await store.governance.upsertPerson({
      key: key(p),
      centraleId: 'metropole-de-lyon',
      tenantId: T,
      aadObjectId: p,
      teamsUserId: `29:${p}`,
      displayName: p,
      email: null,
      roles: [],
      memberId: null,
    });
  }
  const instance = await store.governance.updateInstance('metropole-de-lyon', 'comite-de-pilotage', (i) =>
    withMembers(i, people.map(key), [key('orga')]),
  );
  const ballot = ballotFor({
    instance,
    draft: {
      subjectKind: 'libre',
      subject: 'Budget',
      question: 'Validez-vous ?',
      links: [],
      choices: DEFAULT_CHOICES,
      opensAt: null,
      closesAt: new Date(now.getTime() + 86_400_000),
      secret: false,
      visibility: 'live',
      quorum: { kind: 'aucun' },
      majority: 'absolue',
      chairKey: null,
      reasonForContre: false,
    },
    openedBy: key('orga'),
    sittingId: null,
    circuitId: null,
    serviceUrl: null,
    timeZone: 'Europe/Paris',
    now,
  });
  await store.ballots.create(ballot);
  ballotId = ballot.id;
});
afterAll(() => store.close());

describe('the votes the cards read', () => {
  it('are shared for 500 ms of the injected clock, then read again; a fresh read never waits', async () => {
    await store.ballots.vote(ballotId, key('anne'), () => vote(key('anne')));
    expect(await recentVotes(deps(), ballotId)).toHaveLength(1);
    await store.ballots.vote(ballotId, key('bruno'), () => vote(key('bruno')));
    expect(await recentVotes(deps(), ballotId)).toHaveLength(1);
    now = new Date(now.getTime() + 499);
    expect(await recentVotes(deps(), ballotId)).toHaveLength(1);
    now = new Date(now.getTime() + 1);
    expect(await recentVotes(deps(), ballotId)).toHaveLength(2);
    await store.ballots.vote(ballotId, key('chloe'), () => vote(key('chloe'), 'Contre'));
    expect(await recentVotes(deps(), ballotId, true)).toHaveLength(3);
    expect(await recentVotes(deps(), ballotId)).toHaveLength(3);
  });

  it('follow a vote changed by another process: its new revision replaces the one kept, counted once', async () => {
    expect((await recentVotes(deps(), ballotId, true)).find((v) => v.voterKey === key('anne'))?.choice).toBe('Pour');
    await store.ballots.vote(ballotId, key('anne'), (prev) => ({ ...prev!, choice: 'Abstention', revision: 2 }));
    const votes = await recentVotes(deps(), ballotId, true);
    expect(votes.filter((v) => v.voterKey === key('anne')).map((v) => [v.choice, v.revision])).toEqual([
      ['Abstention', 2],
    ]);
    expect(votes).toHaveLength(3);
    await store.ballots.vote(ballotId, key('anne'), (prev) => ({ ...prev!, choice: 'Pour', revision: 3 }));
    expect((await recentVotes(deps(), ballotId, true)).find((v) => v.voterKey === key('anne'))?.choice).toBe('Pour');
  });
});

describe('what a person sees of a ballot', () => {
  it('refuses someone who neither votes nor organises; gives an organiser who does not vote the channel’s card, and a voter their own with their vote', async () => {
    const ballot = (await store.ballots.get(ballotId))!;
    await expect(voterView(deps(), await actor('outsider'), ballot)).rejects.toThrow(
      'Vous ne faites pas partie des votants de ce scrutin',
    );
    const notVoting = { ...ballot, voterKeys: ballot.voterKeys.filter((k) => k !== key('orga')) };
    expect((await voterView(deps(), await actor('orga'), notVoting)).kind).toBe('shared');
    const own = await voterView(deps(), await actor('anne'), ballot);
    expect(own).toMatchObject({ kind: 'voter', viewerKey: key('anne'), error: '' });
    expect(own.votes.find((v) => v.voterKey === key('anne'))?.choice).toBe('Pour');
  });

  it('shows the follow-up to the instance’s organisers only', async () => {
    const ballot = (await store.ballots.get(ballotId))!;
    await expect(manageView(deps(), await actor('anne'), ballot)).rejects.toThrow('organisateurs');
    expect((await manageView(deps(), await actor('orga'), ballot)).votes).toHaveLength(3);
  });
});
