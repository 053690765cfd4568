import { DomainError } from '../../../src/domain/errors';
import {
  Answer,
  AttendanceChoice,
  SittingForAnswers,
  carryProxies,
  describeProxy,
  forecastQuorum,
  giveAnswer,
  revokeProxy,
  withoutCarried,
} from '../../../src/domain/meetings/attendance';

const start = new Date('2026-12-10T08:00:00Z');
const before = new Date('2026-12-09T10:00:00Z');
const names: Record<string, string> = { a: 'Anne', b: 'Bruno', c: 'Chloé', d: 'David', e: 'Émilie' };
const sitting = (
  over: Partial<SittingForAnswers['rules']> = {},
  extra: Partial<SittingForAnswers> = {},
): SittingForAnswers => ({
  id: 's1',
  startsAt: start,
  cancelled: false,
  memberKeys: ['a', 'b', 'c', 'd', 'e'],
  rules: {
    remoteAllowed: true,
    proxiesAllowed: true,
    maxProxiesPerHolder: 1,
    maxProxySittings: 3,
    quorum: { kind: 'majorite-des-membres', countsRepresented: false },
    ...over,
  },
  nameOf: (k) => names[k] ?? k,
  ...extra,
});
const ans = (personKey: string, choice: AttendanceChoice, proxyHolderKey: string | null = null): Answer => ({
  personKey,
  choice,
  proxyHolderKey,
  answeredAt: before.toISOString(),
});
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'accepted';
};

describe('attendance answers', () => {
  it('accepts each kind of answer from a member, and a change of mind', () => {
    for (const choice of ['present', 'distance', 'absent', 'suppleant'] as const) {
      expect(giveAnswer(sitting(), [], { personKey: 'a', choice, substituteName: 'Marc Petit' }, before)).toMatchObject(
        { personKey: 'a', choice, proxyHolderKey: null },
      );
    }
    expect(
      giveAnswer(sitting(), [ans('a', 'absent')], { personKey: 'a', choice: 'pouvoir', proxyHolderKey: 'b' }, before),
    ).toMatchObject({ proxyHolderKey: 'b' });
  });

  it('keeps the suppléant·e’s name with « Mon suppléant·e » only, and asks for it when missing', () => {
    expect(
      giveAnswer(sitting(), [], { personKey: 'a', choice: 'suppleant', substituteName: '  Marc   Petit ' }, before),
    ).toMatchObject({ choice: 'suppleant', substituteName: 'Marc Petit' });
    expect(
      giveAnswer(sitting(), [], { personKey: 'a', choice: 'present', substituteName: 'Marc Petit' }, before),
    ).not.toHaveProperty('substituteName');
    expect(code(() => giveAnswer(sitting(), [], { personKey: 'a', choice: 'suppleant' }, before))).toBe(
      'substitute-required',
    );
    expect(
      code(() => giveAnswer(sitting(), [], { personKey: 'a', choice: 'suppleant', substituteName: ' ' }, before)),
    ).toBe('substitute-required');
  });

  it('locks answers when the sitting starts, and after a cancellation', () => {
    expect(code(() => giveAnswer(sitting(), [], { personKey: 'a', choice: 'present' }, start))).toBe('answers-locked');
    expect(
      code(() => giveAnswer(sitting({}, { cancelled: true }), [], { personKey: 'a', choice: 'present' }, before)),
    ).toBe('sitting-cancelled');
  });

  it('refuses a non-member, remote attendance or proxies where not allowed', () => {
    expect(code(() => giveAnswer(sitting(), [], { personKey: 'z', choice: 'present' }, before))).toBe('not-a-member');
    expect(
      code(() => giveAnswer(sitting({ remoteAllowed: false }), [], { personKey: 'a', choice: 'distance' }, before)),
    ).toBe('remote-not-allowed');
    expect(
      code(() =>
        giveAnswer(
          sitting({ proxiesAllowed: false }),
          [],
          { personKey: 'a', choice: 'pouvoir', proxyHolderKey: 'b' },
          before,
        ),
      ),
    ).toBe('proxies-not-allowed');
  });

  it('refuses a proxy to nobody, to an outsider or to oneself', () => {
    expect(code(() => giveAnswer(sitting(), [], { personKey: 'a', choice: 'pouvoir' }, before))).toBe(
      'unknown-proxy-holder',
    );
    expect(
      code(() => giveAnswer(sitting(), [], { personKey: 'a', choice: 'pouvoir', proxyHolderKey: 'z' }, before)),
    ).toBe('unknown-proxy-holder');
    expect(
      code(() => giveAnswer(sitting(), [], { personKey: 'a', choice: 'pouvoir', proxyHolderKey: 'a' }, before)),
    ).toBe('proxy-to-self');
  });

  it('refuses a second proxy held by the same member, saying who and how many', () => {
    expect(() =>
      giveAnswer(
        sitting(),
        [ans('a', 'pouvoir', 'c')],
        { personKey: 'b', choice: 'pouvoir', proxyHolderKey: 'c' },
        before,
      ),
    ).toThrow('Chloé porte déjà 1 pouvoir, le maximum pour cette instance : choisissez un autre membre.');
    // Configurable: two per holder.
    expect(
      code(() =>
        giveAnswer(
          sitting({ maxProxiesPerHolder: 2 }),
          [ans('a', 'pouvoir', 'c')],
          { personKey: 'b', choice: 'pouvoir', proxyHolderKey: 'c' },
          before,
        ),
      ),
    ).toBe('accepted');
    // Moving one's own proxy to the same holder is not a second one.
    expect(
      code(() =>
        giveAnswer(
          sitting(),
          [ans('a', 'pouvoir', 'c')],
          { personKey: 'a', choice: 'pouvoir', proxyHolderKey: 'c' },
          before,
        ),
      ),
    ).toBe('accepted');
  });

  it('refuses a proxy to someone who will be absent, and an absence while holding a proxy', () => {
    expect(
      code(() =>
        giveAnswer(sitting(), [ans('c', 'absent')], { personKey: 'a', choice: 'pouvoir', proxyHolderKey: 'c' }, before),
      ),
    ).toBe('proxy-holder-absent');
    expect(
      code(() =>
        giveAnswer(
          sitting(),
          [ans('c', 'pouvoir', 'd')],
          { personKey: 'a', choice: 'pouvoir', proxyHolderKey: 'c' },
          before,
        ),
      ),
    ).toBe('proxy-holder-absent');
    expect(() =>
      giveAnswer(sitting(), [ans('a', 'pouvoir', 'c')], { personKey: 'c', choice: 'absent' }, before),
    ).toThrow(
      'Vous portez le pouvoir d’Anne : demandez-lui de le révoquer (« Révoquer mon pouvoir » sur sa convocation) avant d’annoncer votre absence.',
    );
    expect(
      code(() => giveAnswer(sitting(), [ans('a', 'pouvoir', 'c')], { personKey: 'c', choice: 'distance' }, before)),
    ).toBe('accepted');
  });
});

describe('quorum forecast', () => {
  const answers = [ans('a', 'present'), ans('b', 'distance'), ans('c', 'pouvoir', 'a'), ans('d', 'suppleant')];

  it('counts present, remote and substitutes, and represented members only where the rule says', () => {
    expect(
      forecastQuorum({ kind: 'majorite-des-membres', countsRepresented: false }, ['a', 'b', 'c', 'd', 'e'], answers),
    ).toEqual({
      members: 5,
      present: 1,
      remote: 1,
      represented: 1,
      substitutes: 1,
      absent: 0,
      noAnswer: ['e'],
      counted: 3,
      required: 3,
      reached: true,
    });
    expect(
      forecastQuorum({ kind: 'moitie-des-membres', countsRepresented: true }, ['a', 'b', 'c', 'd', 'e'], answers)
        .counted,
    ).toBe(4);
  });

  it('treats silence as absence and misses the quorum when too few come', () => {
    const f = forecastQuorum(
      { kind: 'majorite-des-membres', countsRepresented: false },
      ['a', 'b', 'c', 'd', 'e', 'f'],
      [ans('a', 'present'), ans('b', 'absent')],
    );
    expect(f).toMatchObject({ counted: 1, required: 4, reached: false, absent: 1, noAnswer: ['c', 'd', 'e', 'f'] });
  });

  it('ignores answers of people no longer members', () => {
    expect(forecastQuorum({ kind: 'aucun' }, ['a'], [ans('a', 'present'), ans('x', 'present')]).present).toBe(1);
  });
});

describe('a proxy holds for three consecutive sittings at most', () => {
  const next = {
    memberKeys: ['a', 'b', 'c', 'd', 'e'],
    cancelled: false,
    proxiesAllowed: true,
    maxProxiesPerHolder: 1,
  };
  const given = (sittings: number) =>
    giveAnswer(
      sitting(),
      [],
      { personKey: 'a', choice: 'pouvoir', proxyHolderKey: 'b', proxySittings: sittings },
      before,
    );

  it('is given for this sitting and up to the rule’s following ones, and refused beyond', () => {
    expect(given(3).proxy).toEqual({ given: 's1', sittings: 3, rank: 1 });
    expect(code(() => given(4))).toBe('proxy-too-long');
    expect(() => given(4)).toThrow('trois séances consécutives au plus (CGCT L2121-20)');
    expect(
      code(() =>
        giveAnswer(
          sitting({ maxProxySittings: 1 }),
          [],
          { personKey: 'a', choice: 'pouvoir', proxyHolderKey: 'b', proxySittings: 2 },
          before,
        ),
      ),
    ).toBe('proxy-too-long');
  });

  it('carries to the next sittings until its third, then stops counting', () => {
    const second = carryProxies([given(3)], next, []);
    expect(second[0]).toMatchObject({ choice: 'pouvoir', proxyHolderKey: 'b', proxy: { rank: 2, sittings: 3 } });
    const third = carryProxies(second, next, []);
    expect(third[0]!.proxy).toMatchObject({ rank: 3 });
    expect(carryProxies(third, next, [])).toEqual([]);
    // A proxy stored before spans existed covered its own sitting only.
    expect(carryProxies([ans('a', 'pouvoir', 'b')], next, [])).toEqual([]);
  });

  it('is not carried where its giver answered, its holder is absent or full, or proxies are refused', () => {
    expect(carryProxies([given(3)], next, [ans('a', 'present')])).toEqual([ans('a', 'present')]);
    expect(carryProxies([given(3)], next, [ans('b', 'absent')])).toHaveLength(1);
    expect(carryProxies([given(3)], next, [ans('c', 'pouvoir', 'b')])).toHaveLength(1);
    expect(carryProxies([given(3)], { ...next, proxiesAllowed: false }, [])).toEqual([]);
    expect(carryProxies([given(3)], { ...next, memberKeys: ['a', 'c'] }, [])).toEqual([]);
  });

  it('is revocable by its giver before the sitting, for it and the sittings it reached', () => {
    const here = [given(3), ans('c', 'present')];
    expect(revokeProxy({ startsAt: start, cancelled: false }, here, 'a', before)).toEqual([ans('c', 'present')]);
    expect(code(() => revokeProxy({ startsAt: start, cancelled: false }, here, 'c', before))).toBe(
      'no-proxy-to-revoke',
    );
    expect(code(() => revokeProxy({ startsAt: start, cancelled: false }, here, 'a', start))).toBe('answers-locked');
    const later = carryProxies([given(3)], next, [ans('c', 'present')]);
    expect(withoutCarried(later, 'a', 's1', 1)).toEqual([ans('c', 'present')]);
  });

  it('says until when it holds', () => {
    expect(describeProxy(given(3), 'mardi 22 décembre 2026')).toBe(
      'Pouvoir valable pour cette séance et les 2 suivantes de l’instance, jusqu’à la séance du mardi 22 décembre 2026 incluse (CGCT L2121-20 : trois séances consécutives au plus).',
    );
    expect(describeProxy(given(1), null)).toBe('Pouvoir valable pour cette séance seulement.');
    const last = carryProxies(carryProxies([given(3)], next, []), next, [])[0]!;
    expect(describeProxy(last, null)).toContain('3e et dernière séance de ce pouvoir');
  });
});
