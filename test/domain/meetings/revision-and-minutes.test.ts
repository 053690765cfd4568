import { rulesFromPreset } from '../../../src/domain/rules';
import {
  Sitting,
  SittingDraft,
  draftOf,
  newSitting,
  reviseSitting,
  validateSitting,
} from '../../../src/domain/meetings/sitting';
import { recordMinutes } from '../../../src/domain/meetings/minutes';
import { isDomainError } from '../../../src/domain/errors';

const convokedAt = new Date('2026-12-01T09:00:00Z');
const cgct = rulesFromPreset('cgct-3500-et-plus'); // 5 jours francs, 1 en urgence
const draft = (over: Partial<SittingDraft> = {}): SittingDraft => ({
  date: '2026-12-10',
  time: '09:30',
  timeZone: 'Europe/Paris',
  mode: 'presentiel',
  place: 'Salle du conseil',
  onlineLink: '',
  agenda: [{ title: 'Programmation 2027', rapporteur: 'Claire Martin', links: [] }],
  note: '',
  remoteAllowed: false,
  proxiesAllowed: true,
  urgency: false,
  urgencyReason: '',
  ...over,
});
function convened(): Sitting {
  const v = validateSitting(draft(), cgct, convokedAt);
  if (!v.ok) throw new Error('draft should be valid');
  return newSitting(
    {
      id: 's1',
      centraleId: 'c',
      instanceId: 'i',
      instanceName: 'COPIL',
      memberKeys: ['a', 'b', 'c', 'd'],
      organiserKey: 'a',
    },
    v.sitting,
    cgct,
    convokedAt,
  );
}
// Two days before: too late for a new date or new items without urgency, fine for a new room.
const late = new Date('2026-12-08T09:00:00Z');

describe('changing a convened sitting', () => {
  it('gives back the form values it was convened with', () => {
    expect(draftOf(convened())).toMatchObject({ date: '2026-12-10', time: '09:30', place: 'Salle du conseil' });
  });

  it('takes a new room late without asking for an urgency, keeps the answers and the history', () => {
    const r = reviseSitting(convened(), draft({ place: 'Salle 3' }), cgct, 'a', late);
    expect(r.ok && r.sitting).toMatchObject({ status: 'modifiee', version: 2, place: 'Salle 3' });
    expect(r.ok && r.answersReset).toBe(false);
    expect(r.ok && r.sitting.history.map((h) => h.action)).toEqual(['convocation', 'modification']);
  });

  it('checks the notice again for a new date or a new agenda item, and resets answers on a new date', () => {
    const newDate = reviseSitting(convened(), draft({ date: '2026-12-11' }), cgct, 'a', late);
    expect(!newDate.ok && newDate.errors.urgency).toMatch(/jours francs/);
    const newItem = reviseSitting(
      convened(),
      draft({ agenda: [...draft().agenda, { title: 'Point ajouté', rapporteur: '', links: [] }] }),
      cgct,
      'a',
      late,
    );
    expect(!newItem.ok && newItem.errors.urgency).toMatch(/jours francs/);
    const onTime = reviseSitting(convened(), draft({ date: '2026-12-17' }), cgct, 'a', late);
    expect(onTime.ok && onTime.answersReset).toBe(true);
    expect(onTime.ok && onTime.changes[0]).toMatch(
      /^date : jeudi 10 décembre 2026 à 9 h 30 → jeudi 17 décembre 2026 à 9 h 30/,
    );
  });

  it('refuses no change, a cancelled sitting and a sitting already begun', () => {
    expect(reviseSitting(convened(), draft(), cgct, 'a', late)).toEqual({
      ok: false,
      errors: { date: 'Rien n’a changé : modifiez au moins un champ.' },
    });
    expect(reviseSitting({ ...convened(), status: 'annulee' }, draft({ place: 'x' }), cgct, 'a', late).ok).toBe(false);
    expect(reviseSitting(convened(), draft({ place: 'x' }), cgct, 'a', new Date('2026-12-10T09:00:00Z')).ok).toBe(
      false,
    );
  });
});

describe('the relevé de décisions', () => {
  const after = new Date('2026-12-10T12:00:00Z');
  const nameOf = (k: string) => k.toUpperCase();
  const attempt = (
    input: Parameters<typeof recordMinutes>[2],
    answers: Parameters<typeof recordMinutes>[1] = [],
    now = after,
  ) => {
    try {
      return recordMinutes(convened(), answers, input, { nameOf, by: 'a', now });
    } catch (e) {
      if (isDomainError(e)) return e.userMessage;
      throw e;
    }
  };

  it('counts the quorum on members physically present under CGCT L2121-17 (proxies and remote members not counted), a proxy valid only if its holder was there', () => {
    const proxy = [{ personKey: 'd', choice: 'pouvoir' as const, proxyHolderKey: 'a', answeredAt: '' }];
    const m = attempt(
      { attendance: { a: 'present', b: 'distance', c: 'absent', d: 'pouvoir' }, decisions: ['Adopté'] },
      proxy,
    );
    // a present; b took part remotely and d gave a proxy: neither counts under L2121-17.
    expect(m).toMatchObject({
      counted: 1,
      required: 3,
      quorumReached: false,
      decisions: [{ item: 'Programmation 2027', decision: 'Adopté' }],
    });
    expect(m).toMatchObject({
      attendance: expect.arrayContaining([{ personKey: 'd', choice: 'pouvoir', proxyHolderKey: 'a' }]),
    });
    expect(
      attempt(
        { attendance: { a: 'present', b: 'distance', c: 'suppleant', d: 'pouvoir' }, decisions: ['Adopté'] },
        proxy,
      ),
    ).toMatchObject({ counted: 2, quorumReached: false });
    expect(
      attempt(
        { attendance: { a: 'present', b: 'present', c: 'suppleant', d: 'pouvoir' }, decisions: ['Adopté'] },
        proxy,
      ),
    ).toMatchObject({ counted: 3, quorumReached: true });
    expect(attempt({ attendance: { a: 'absent', d: 'pouvoir' }, decisions: ['Adopté'] }, proxy)).toMatch(
      /Le pouvoir de D ne compte pas : A n’était pas présent·e/,
    );
    expect(attempt({ attendance: { d: 'pouvoir' }, decisions: ['Adopté'] })).toMatch(/D n’a pas donné de pouvoir/);
  });

  it('needs a decision for every item, and a sitting that took place', () => {
    expect(attempt({ attendance: {}, decisions: [' '] })).toMatch(/Indiquez la décision du point 1/);
    expect(attempt({ attendance: {}, decisions: ['Adopté'] }, [], late)).toMatch(/n’a pas encore eu lieu/);
    expect(attempt({ attendance: {}, decisions: ['Adopté'] })).toMatchObject({ counted: 0, quorumReached: false });
  });
});
