import { rulesFromPreset } from '../../../src/domain/rules';
import { MinutesInput, proxiesHeld, recordMinutes } from '../../../src/domain/meetings/minutes';
import { VoteInput, checkVote, resultOf } from '../../../src/domain/meetings/minutes-votes';
import { isDomainError } from '../../../src/domain/errors';

/** The sitting as it was held: officers, times, movements, votes and their results (h52). */
const sitting = (startsAt = '2026-12-10T08:30:00Z') => ({
  startsAt,
  timeZone: 'Europe/Paris',
  status: 'convoquee',
  organiserKey: 'a',
  memberKeys: ['a', 'b', 'c', 'd', 'e'],
  agenda: [{ title: 'Programmation 2027' }, { title: 'Bilan' }],
  quorum: rulesFromPreset('cgct-3500-et-plus').quorum,
});
const answers = [{ personKey: 'd', choice: 'pouvoir' as const, proxyHolderKey: 'b', answeredAt: '' }];
const nameOf = (k: string) => k.toUpperCase();
const base: MinutesInput = {
  attendance: { a: 'present', b: 'present', c: 'present', d: 'pouvoir', e: 'absent' },
  decisions: ['Adopté', 'Reporté'],
};
const attempt = (over: Partial<MinutesInput>, startsAt?: string) => {
  try {
    return recordMinutes(
      sitting(startsAt),
      answers,
      { ...base, ...over },
      {
        nameOf,
        by: 'a',
        now: new Date('2026-12-11T12:00:00Z'),
      },
    );
  } catch (e) {
    if (isDomainError(e)) return e.userMessage;
    throw e;
  }
};
const counts = (pour: number, contre: number, abstention = 0, nppv = 0, casting?: 'pour' | 'contre'): VoteInput => ({
  kind: 'counts',
  pour,
  contre,
  abstention,
  nppv,
  casting,
});

describe('the majority of suffrages exprimés (CGCT L2121-20)', () => {
  it.each([
    [{ pour: 3, contre: 1, abstention: 0, nppv: 0 }, null, 'adopte'],
    [{ pour: 1, contre: 3, abstention: 0, nppv: 0 }, null, 'rejete'],
    // abstentions are not suffrages exprimés: 2 pour against 1 contre adopts, whatever the abstentions
    [{ pour: 2, contre: 1, abstention: 5, nppv: 0 }, null, 'adopte'],
    [{ pour: 2, contre: 2, abstention: 0, nppv: 0 }, 'pour', 'adopte'],
    [{ pour: 2, contre: 2, abstention: 0, nppv: 0 }, 'contre', 'rejete'],
    [{ pour: 0, contre: 0, abstention: 4, nppv: 0 }, null, 'rejete'],
  ] as const)('%j, président %s → %s', (c, casting, result) => {
    expect(resultOf(c, casting)).toBe(result);
  });
});

describe('an item’s vote in the relevé', () => {
  it.each<[string, VoteInput, string]>([
    [
      'more votes than voters',
      counts(4, 1),
      'Vote du point 1 (« Programmation 2027 ») : 5 voix comptées pour 4 votants possibles',
    ],
    ['a negative count', counts(-1, 1), 'indiquez des nombres entiers'],
    ['no vote at all', counts(0, 0), 'indiquez le nombre de voix'],
    [
      'an absent member named',
      { kind: 'named', contre: ['e'], abstention: [], nppv: [] },
      'E ne vote pas à cette séance',
    ],
    [
      'a member in two lists',
      { kind: 'named', contre: ['c'], abstention: ['c'], nppv: [] },
      'C est à la fois « Contre » et « Abstention »',
    ],
  ])('refuses %s, naming the item', (_, vote, message) => {
    expect(attempt({ votes: [vote, { kind: 'none' }] })).toEqual(expect.stringContaining(message));
  });

  it('counts up to the members present plus the proxies held (4 here: a, b, c and d through b)', () => {
    const m = attempt({ votes: [counts(2, 1, 1), counts(2, 2, 0, 0, 'pour')] });
    if (typeof m === 'string') throw new Error(m);
    expect(m.decisions[0]).toMatchObject({
      vote: { kind: 'counts', pour: 2, contre: 1, abstention: 1 },
      result: 'adopte',
    });
    expect(m.decisions[1]).toMatchObject({ vote: { casting: 'pour' }, result: 'adopte' });
    // a tie where the président did not vote « pour »: no majority, rejected
    const tie = attempt({ votes: [counts(2, 2), { kind: 'none' }] });
    if (typeof tie === 'string') throw new Error(tie);
    expect(tie.decisions[0]).toMatchObject({ vote: { pour: 2, contre: 2 }, result: 'rejete' });
    expect(tie.decisions[0]!.vote).not.toHaveProperty('casting');
  });

  it('a named vote: everyone who votes is « pour » but those listed; the proxy votes too; the président breaks a tie', () => {
    const m = attempt({
      president: 'c',
      votes: [
        { kind: 'named', contre: ['a', 'b'], abstention: [], nppv: [] },
        { kind: 'named', contre: ['b'], abstention: ['a'], nppv: ['d'] },
      ],
    });
    if (typeof m === 'string') throw new Error(m);
    // a, b contre; c (président), d pour: a tie broken by the président
    expect(m.decisions[0]).toMatchObject({ vote: { pour: 2, contre: 2 }, result: 'adopte' });
    expect(m.decisions[0]!.vote).toMatchObject({
      positions: [
        { personKey: 'a', position: 'contre' },
        { personKey: 'b', position: 'contre' },
        { personKey: 'c', position: 'pour' },
        { personKey: 'd', position: 'pour' },
      ],
    });
    expect(m.decisions[1]).toMatchObject({ vote: { pour: 1, contre: 1, abstention: 1, nppv: 1 }, result: 'adopte' });
    const other = checkVote(
      { kind: 'named', contre: ['a', 'b'], abstention: [], nppv: [] },
      { item: 0, title: 'x', voters: ['a', 'b', 'c', 'd'], president: 'a', nameOf },
    );
    expect(other.result).toBe('rejete');
  });

  it('an old relevé’s shape: no vote, no result', () => {
    const m = attempt({});
    if (typeof m === 'string') throw new Error(m);
    expect(m.decisions[0]).toEqual({ item: 'Programmation 2027', decision: 'Adopté' });
  });
});

describe('officers, times and movements', () => {
  it('defaults: the organiser presides when present, the first other present member is secretary, the sitting opens at its start', () => {
    const m = attempt({});
    if (typeof m === 'string') throw new Error(m);
    expect(m).toMatchObject({ president: 'a', secretary: 'b', openedAt: '2026-12-10T08:30:00.000Z' });
    expect(m.closedAt).toBeUndefined();
    const without = attempt({ attendance: { ...base.attendance, a: 'absent' } });
    if (typeof without === 'string') throw new Error(without);
    expect(without).toMatchObject({ president: 'b', secretary: 'c' });
    expect(proxiesHeld(m)).toEqual(new Map([['b', ['d']]]));
  });

  it.each<[string, Partial<MinutesInput>, string]>([
    ['an absent président', { president: 'e' }, 'E n’était pas présent·e : choisissez le président de séance'],
    ['a represented secrétaire', { secretary: 'd' }, 'D n’était pas présent·e : choisissez le secrétaire de séance'],
    [
      'a closing at the opening',
      { opening: '10:00', closing: '10:00' },
      'ne peut pas être close à l’heure de son ouverture',
    ],
    ['a bad time', { opening: '25:00' }, 'Indiquez l’heure d’ouverture'],
    [
      'an arrival after closing',
      { opening: '09:30', closing: '11:00', movements: { c: { arrival: '11:30' } } },
      'L’heure d’arrivée de C (11:30) est en dehors de la séance (9 h 30 – 11 h 00)',
    ],
    [
      'an arrival before opening (it would be the next day)',
      { opening: '09:30', closing: '12:00', movements: { c: { arrival: '09:00' } } },
      'en dehors de la séance',
    ],
    [
      'a departure before the arrival',
      { movements: { c: { arrival: '10:30', departure: '10:00' } } },
      'C part (10:00) avant d’arriver (10:30)',
    ],
    ['an absent member’s arrival', { movements: { e: { arrival: '10:00' } } }, 'E est indiqué·e absent·e'],
  ])('refuses %s', (_, over, message) => {
    expect(attempt(over)).toEqual(expect.stringContaining(message));
  });

  it('excusé·e: absent after saying so beforehand; absent·e: absent without a word', () => {
    const m = recordMinutes(
      sitting(),
      [...answers, { personKey: 'c', choice: 'absent', proxyHolderKey: null, answeredAt: '' }],
      { ...base, attendance: { ...base.attendance, c: 'absent' } },
      { nameOf, by: 'a', now: new Date('2026-12-11T12:00:00Z') },
    );
    expect(m.attendance.find((a) => a.personKey === 'c')).toMatchObject({ choice: 'absent', excused: true });
    expect(m.attendance.find((a) => a.personKey === 'e')!.excused).toBeUndefined();
    expect(m.attendance.find((a) => a.personKey === 'a')!.excused).toBeUndefined();
  });

  it('a sitting that runs past midnight local closes the next day; movements keep their instants', () => {
    // convened at 22 h 30 Paris (21:30 UTC)
    const m = attempt(
      { opening: '22:40', closing: '00:45', movements: { c: { arrival: '23:50' }, b: { departure: '00:20' } } },
      '2026-12-10T21:30:00Z',
    );
    if (typeof m === 'string') throw new Error(m);
    expect(m).toMatchObject({ openedAt: '2026-12-10T21:40:00.000Z', closedAt: '2026-12-10T23:45:00.000Z' });
    expect(m.attendance.find((a) => a.personKey === 'c')).toMatchObject({ arrivedAt: '2026-12-10T22:50:00.000Z' });
    expect(m.attendance.find((a) => a.personKey === 'b')).toMatchObject({ leftAt: '2026-12-10T23:20:00.000Z' });
    // convened at 23 h 30, opened after midnight: the next day
    const late = attempt({ opening: '00:05' }, '2026-12-10T22:30:00Z');
    if (typeof late === 'string') throw new Error(late);
    expect(late.openedAt).toBe('2026-12-10T23:05:00.000Z');
  });
});
