import {
  Ballot,
  validateBallot,
  BallotDraft,
  stillRunning,
  tallyVisible,
  visibilityFor,
  votingOpen,
} from '../../../src/domain/ballots/ballot';
import { Vote, castVote, tally } from '../../../src/domain/ballots/voting';
import { isDomainError } from '../../../src/domain/errors';

const now = new Date('2026-12-01T09:00:00Z');
const ballot = (over: Partial<Ballot> = {}): Ballot => ({
  id: 'b1',
  centraleId: 'c',
  instanceId: 'i',
  instanceName: 'Comité de DG',
  subjectKind: 'programme',
  subject: 'Programmation 2027',
  question: 'Validez-vous ?',
  links: [],
  choices: ['Pour', 'Contre', 'Abstention'],
  opensAt: '2026-12-01T08:00:00Z',
  closesAt: '2026-12-02T18:00:00Z',
  secret: false,
  visibility: 'apres-vote',
  quorum: { kind: 'moitie-des-membres', countsRepresented: true },
  majority: 'absolue',
  chairKey: 'a',
  reasonRequiredFor: [],
  voterKeys: ['a', 'b', 'c', 'd', 'e', 'f'],
  organiserKeys: ['a'],
  openedBy: 'a',
  sittingId: null,
  circuitId: null,
  status: 'ouvert',
  result: null,
  cancelReason: null,
  serviceUrl: null,
  timeZone: 'Europe/Paris',
  createdAt: '2026-12-01T08:00:00Z',
  ...over,
});
const v = (voterKey: string, choice: string, castBy = voterKey): Vote => ({
  voterKey,
  castBy,
  choice,
  reason: '',
  revision: 1,
  at: now.toISOString(),
});
const name = (k: string) => k.toUpperCase();
const attempt = (
  b: Ballot,
  prev: Vote | null,
  req: Partial<Parameters<typeof castVote>[2]>,
  proxies = new Map<string, string>(),
  at = now,
) => {
  try {
    return castVote(
      b,
      prev,
      { actorKey: 'b', forKey: 'b', choice: 'Pour', reason: '', ...req },
      { proxies, nameOf: name, now: at },
    );
  } catch (e) {
    if (isDomainError(e)) return e.userMessage;
    throw e;
  }
};

describe('casting a vote', () => {
  it('records one vote per voter, changeable until closing; a retried identical vote changes nothing', () => {
    const first = attempt(ballot(), null, {}) as Vote;
    expect(first).toMatchObject({ voterKey: 'b', choice: 'Pour', revision: 1 });
    expect(attempt(ballot(), first, {})).toBeNull();
    expect(attempt(ballot(), first, { choice: 'Contre' })).toMatchObject({ choice: 'Contre', revision: 2 });
  });

  it('refuses after closing, before opening, a non-voter, an unknown choice, a missing reason', () => {
    expect(attempt(ballot({ status: 'clos' }), null, {})).toMatch(/clos/);
    expect(attempt(ballot(), null, {}, new Map(), new Date('2026-12-02T18:00:00Z'))).toMatch(/clos/);
    expect(attempt(ballot({ status: 'programme', opensAt: '2026-12-01T10:00:00Z' }), null, {})).toMatch(
      /pas encore ouvert/,
    );
    expect(attempt(ballot(), null, { actorKey: 'z', forKey: 'z' })).toMatch(/ne faites pas partie des votants/);
    expect(attempt(ballot(), null, { choice: 'Peut-être' })).toMatch(/ne fait pas partie du scrutin/);
    expect(attempt(ballot({ reasonRequiredFor: ['Contre'] }), null, { choice: 'Contre' })).toMatch(/Indiquez le motif/);
  });

  it('lets a proxy holder vote for the member they represent, explicitly, and only them', () => {
    const proxies = new Map([['c', 'b']]);
    expect(attempt(ballot(), null, { forKey: 'c' }, proxies)).toMatchObject({ voterKey: 'c', castBy: 'b' });
    expect(attempt(ballot(), null, { forKey: 'd' }, proxies)).toMatch(/ne détenez pas de pouvoir de D/);
    expect(attempt(ballot(), null, { actorKey: 'c', forKey: 'c' }, proxies)).toMatch(/Vous avez donné pouvoir à B/);
  });
});

describe('the result', () => {
  it('adopts by absolute majority of votes cast, abstentions not counted', () => {
    const r = tally(
      ballot(),
      [v('a', 'Pour'), v('b', 'Pour'), v('c', 'Contre'), v('d', 'Abstention'), v('e', 'Abstention')],
      'a',
      now,
    );
    expect(r).toMatchObject({ cast: 5, expressed: 3, quorumReached: true, outcome: 'adopte', castingVoteUsed: false });
    expect(r.named).toHaveLength(5);
  });

  it('reports a missing quorum (participation)', () => {
    expect(tally(ballot(), [v('a', 'Pour'), v('b', 'Pour')], 'a', now)).toMatchObject({
      quorumRequired: 3,
      quorumReached: false,
      outcome: 'quorum-non-atteint',
    });
  });

  it('breaks a tie with the chair’s vote in a named ballot, never in a secret one', () => {
    const votes = [v('a', 'Pour'), v('b', 'Contre'), v('c', 'Pour'), v('d', 'Contre')];
    expect(tally(ballot(), votes, 'a', now)).toMatchObject({ outcome: 'adopte', castingVoteUsed: true });
    expect(tally(ballot({ chairKey: 'b' }), votes, 'a', now)).toMatchObject({
      outcome: 'rejete',
      castingVoteUsed: true,
    });
    const secret = tally(ballot({ secret: true }), votes, 'a', now);
    expect(secret).toMatchObject({ outcome: 'egalite', castingVoteUsed: false, named: null });
  });

  it('rejects when Contre wins, and under two-thirds needs two thirds of votes cast', () => {
    expect(tally(ballot(), [v('a', 'Contre'), v('b', 'Contre'), v('c', 'Pour')], 'a', now).outcome).toBe('rejete');
    const twoThirds = ballot({ majority: 'deux-tiers' });
    expect(
      tally(twoThirds, [v('a', 'Pour'), v('b', 'Pour'), v('c', 'Contre'), v('d', 'Contre')], 'a', now).outcome,
    ).toBe('rejete');
    expect(tally(twoThirds, [v('a', 'Pour'), v('b', 'Pour'), v('c', 'Pour'), v('d', 'Contre')], 'a', now).outcome).toBe(
      'adopte',
    );
  });

  it('retains a custom choice by relative majority; ignores votes of non-voters', () => {
    const b = ballot({ choices: ['Lot A', 'Lot B', 'Lot C'], majority: 'relative' });
    const r = tally(b, [v('a', 'Lot B'), v('b', 'Lot B'), v('c', 'Lot A'), v('zz', 'Lot A')], 'a', now);
    expect(r).toMatchObject({ outcome: 'choix-retenu', retained: 'Lot B', cast: 3 });
    expect(r.counted).toEqual({ a: 1, b: 1, c: 1 });
  });
});

describe('opening a ballot', () => {
  const draft = (over: Partial<BallotDraft> = {}): BallotDraft => ({
    subjectKind: 'programme',
    subject: 'Programmation 2027',
    question: 'Validez-vous ?',
    links: [],
    choices: ['Pour', 'Contre', 'Abstention'],
    opensAt: null,
    closesAt: new Date('2026-12-03T17:00:00Z'),
    secret: false,
    visibility: 'live',
    quorum: { kind: 'aucun' },
    majority: 'absolue',
    chairKey: null,
    reasonForContre: false,
    ...over,
  });
  it('accepts a complete ballot and explains each problem in French', () => {
    expect(validateBallot(draft(), now)).toEqual({ ok: true });
    const r = validateBallot(
      draft({ subject: ' ', choices: ['Pour'], closesAt: new Date('2026-11-30T00:00:00Z'), links: ['http://x'] }),
      now,
    );
    expect(r.ok ? {} : r.errors).toEqual({
      subject: expect.stringMatching(/Indiquez l’objet/),
      choices: 'Proposez au moins deux choix.',
      closesAt: 'La clôture est passée : choisissez une date à venir.',
      links: expect.stringMatching(/n’est pas une adresse https/),
    });
  });
});

describe('who sees the tally', () => {
  it('a secret ballot’s tally is nobody’s before the close, whatever visibility was asked; named ballots keep their choice', () => {
    for (const visibility of ['live', 'apres-vote', 'apres-cloture'] as const) {
      expect(tallyVisible({ status: 'ouvert', secret: true, visibility }, true)).toBe(false);
      expect(tallyVisible({ status: 'clos', secret: true, visibility }, false)).toBe(true);
      expect(visibilityFor(true, visibility)).toBe('apres-cloture');
      expect(visibilityFor(false, visibility)).toBe(visibility);
    }
    expect(tallyVisible({ status: 'ouvert', secret: false, visibility: 'live' }, false)).toBe(true);
    expect(tallyVisible({ status: 'ouvert', secret: false, visibility: 'apres-vote' }, false)).toBe(false);
    expect(tallyVisible({ status: 'ouvert', secret: false, visibility: 'apres-vote' }, true)).toBe(true);
    expect(tallyVisible({ status: 'annule', secret: false, visibility: 'live' }, true)).toBe(false);
  });
});

describe('which buttons a ballot offers', () => {
  it('votes only while open and before the closing time; close and cancel only while it runs', () => {
    const b = { status: 'ouvert' as const, opensAt: '2026-12-01T08:00:00Z', closesAt: '2026-12-02T17:00:00Z' };
    expect(votingOpen(b, new Date('2026-12-01T09:00:00Z'))).toBe(true);
    expect(votingOpen(b, new Date('2026-12-02T17:00:00Z'))).toBe(false);
    expect(votingOpen({ ...b, status: 'annule' }, new Date('2026-12-01T09:00:00Z'))).toBe(false);
    expect(stillRunning({ status: 'programme' })).toBe(true);
    expect(stillRunning({ status: 'annule' })).toBe(false);
    expect(stillRunning({ status: 'clos' })).toBe(false);
  });
});
