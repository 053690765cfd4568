import { rulesFromPreset } from '../../../src/domain/rules';
import {
  Sitting,
  SittingDraft,
  lastChange,
  linkAddedAt,
  newSitting,
  reviseSitting,
  validateSitting,
} from '../../../src/domain/meetings/sitting';

/** A document added to a sitting already convened (iDélibre's practice): dated, told, kept dated. */
const convokedAt = new Date('2026-12-01T09:00:00Z');
const cgct = rulesFromPreset('cgct-3500-et-plus');
const prog = 'https://intranet.example/programme.pdf';
const bilan = 'https://intranet.example/bilan%202026.pdf';
const draft = (links: string[][] = [[prog], []], over: Partial<SittingDraft> = {}): SittingDraft => ({
  date: '2026-12-10',
  time: '09:30',
  timeZone: 'Europe/Paris',
  mode: 'presentiel',
  place: 'Salle du conseil',
  onlineLink: '',
  agenda: [
    { title: 'Programmation 2027', rapporteur: 'Direction Achats', links: links[0]! },
    { title: 'Bilan des marchés', rapporteur: 'Coordinatrice RReT', links: links[1]! },
  ],
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
    { id: 's1', centraleId: 'c', instanceId: 'i', instanceName: 'COPIL', memberKeys: ['a', 'b'], organiserKey: 'a' },
    v.sitting,
    cgct,
    convokedAt,
  );
}
// Two days before the sitting: a document may still be added, without any urgency.
const late = new Date('2026-12-08T09:12:00Z');

describe('a document added to a convened sitting', () => {
  it('is dated, named in the history, and needs no new notice', () => {
    const r = reviseSitting(convened(), draft([[prog], [bilan]]), cgct, 'a', late);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.changes).toEqual(['document ajouté : bilan 2026.pdf (point 2)']);
    expect(linkAddedAt(r.sitting.agenda[1]!, bilan)).toBe('2026-12-08T09:12:00.000Z');
    expect(linkAddedAt(r.sitting.agenda[0]!, prog)).toBeNull();
    expect(r.sitting.agenda[0]).not.toHaveProperty('added');
  });

  it('keeps the time it was added through later changes, and forgets it once removed', () => {
    const first = reviseSitting(convened(), draft([[prog], [bilan]]), cgct, 'a', late);
    if (!first.ok) throw new Error('first change refused');
    const then = new Date('2026-12-08T15:00:00Z');
    const second = reviseSitting(first.sitting, draft([[prog], [bilan]], { place: 'Salle 3' }), cgct, 'a', then);
    if (!second.ok) throw new Error('second change refused');
    expect(second.changes).toEqual(['lieu : Salle 3']);
    expect(linkAddedAt(second.sitting.agenda[1]!, bilan)).toBe('2026-12-08T09:12:00.000Z');
    const removed = reviseSitting(second.sitting, draft([[prog], []], { place: 'Salle 3' }), cgct, 'a', then);
    if (!removed.ok) throw new Error('removal refused');
    expect(removed.changes).toEqual(['ordre du jour']);
    expect(removed.sitting.agenda[1]).not.toHaveProperty('added');
  });

  it('the same form sent again after its document line is written is still one change', () => {
    const first = reviseSitting(convened(), draft([[prog], [bilan]]), cgct, 'a', late, 'form-1');
    if (!first.ok) throw new Error('first change refused');
    const journaled: Sitting = {
      ...first.sitting,
      history: [
        ...first.sitting.history,
        { at: late.toISOString(), by: 'a', action: 'document', summary: 'Convocation, version 2 : …' },
      ],
    };
    expect(lastChange(journaled)?.action).toBe('modification');
    const again = reviseSitting(journaled, draft([[prog], [bilan]]), cgct, 'a', late, 'form-1');
    expect(again.ok && again.replay).toBe(true);
  });
});
