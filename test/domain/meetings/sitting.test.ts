import { rulesFromPreset } from '../../../src/domain/rules';
import { SittingDraft, sittingActions, validateSitting } from '../../../src/domain/meetings/sitting';

const now = new Date('2026-12-01T09:00:00Z'); // mardi 1er décembre 2026, 10 h à Paris
const cgct = rulesFromPreset('cgct-3500-et-plus'); // 5 jours francs, 1 en urgence, pas de distance
const draft = (over: Partial<SittingDraft> = {}): SittingDraft => ({
  date: '2026-12-10',
  time: '09:30',
  timeZone: 'Europe/Paris',
  mode: 'presentiel',
  place: 'Hôtel de la Métropole, salle du conseil',
  onlineLink: '',
  agenda: [
    { title: 'Programmation 2027', rapporteur: 'Claire Martin', links: ['https://intranet.example/prog-2027.pdf'] },
  ],
  note: '',
  remoteAllowed: false,
  proxiesAllowed: true,
  urgency: false,
  urgencyReason: '',
  ...over,
});
const errorsOf = (d: SittingDraft) => {
  const r = validateSitting(d, cgct, now);
  return r.ok ? {} : r.errors;
};

describe('convening a sitting', () => {
  it('accepts a complete sitting on time, at the right instant in Paris', () => {
    const r = validateSitting(draft(), cgct, now);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.sitting.startsAt.toISOString()).toBe('2026-12-10T08:30:00.000Z');
      expect(r.sitting.joursFrancs).toBe(8);
      expect(r.sitting.urgencyReason).toBeNull();
    }
  });

  it('refuses a past date, a date that does not exist and an empty agenda, field by field', () => {
    expect(errorsOf(draft({ date: '2026-11-30' }))).toEqual({
      date: 'Cette date est passée : choisissez une date à venir.',
    });
    expect(errorsOf(draft({ date: '2026-02-30' })).date).toContain('date valide');
    expect(errorsOf(draft({ time: '25:00' })).time).toContain('heure valide');
    expect(errorsOf(draft({ agenda: [{ title: '  ', rapporteur: '', links: [] }] })).agenda).toBe(
      'Ajoutez au moins un point à l’ordre du jour.',
    );
  });

  it('asks for a place, a link, or both, as the mode needs', () => {
    expect(errorsOf(draft({ place: '' })).place).toBe('Indiquez le lieu de la séance.');
    expect(
      Object.keys(
        errorsOf(draft({ mode: 'distanciel', place: '', onlineLink: 'https://teams.microsoft.com/l/meetup-join/x' })),
      ),
    ).toEqual([]);
    expect(errorsOf(draft({ mode: 'mixte', onlineLink: 'javascript:alert(1)' })).onlineLink).toContain('https://');
  });

  it('holds the instance’s notice in jours francs, unless urgency is declared with a reason', () => {
    expect(errorsOf(draft({ date: '2026-12-05' })).urgency).toContain(
      'il fallait convoquer au plus tard le dimanche 29 novembre 2026',
    );
    expect(errorsOf(draft({ date: '2026-12-05', urgency: true })).urgency).toContain('Donnez la raison de l’urgence');
    const urgent = validateSitting(
      draft({ date: '2026-12-05', urgency: true, urgencyReason: 'Avis requis avant le conseil du 7' }),
      cgct,
      now,
    );
    expect(urgent.ok && urgent.sitting.urgencyReason).toBe('Avis requis avant le conseil du 7');
    // Even in urgency, one jour franc: convened on the 1st, not before the 3rd.
    expect(errorsOf(draft({ date: '2026-12-02', urgency: true, urgencyReason: 'x' })).urgency).toContain(
      'pas avoir lieu avant le jeudi 3 décembre 2026',
    );
  });

  it('keeps to what the instance’s rules allow', () => {
    expect(errorsOf(draft({ remoteAllowed: true })).remoteAllowed).toContain(
      'ne prévoit pas de participation à distance',
    );
    expect(errorsOf({ ...draft(), proxiesAllowed: true } as SittingDraft)).toEqual({});
    const working = rulesFromPreset('groupe-de-travail');
    const r = validateSitting(draft({ proxiesAllowed: true }), working, now);
    expect(!r.ok && r.errors.proxiesAllowed).toBe('Le règlement de cette instance n’admet pas les pouvoirs.');
  });
});

describe('what an organiser may do with a sitting now', () => {
  it('changes or cancels it before it begins, records the relevé once begun, nothing once cancelled', () => {
    const startsAt = '2026-12-10T08:30:00.000Z';
    const before = new Date('2026-12-09T08:00:00Z');
    const after = new Date('2026-12-10T09:00:00Z');
    expect(sittingActions({ status: 'convoquee', startsAt }, before)).toEqual({
      revise: true,
      cancel: true,
      minutes: false,
    });
    expect(sittingActions({ status: 'convoquee', startsAt }, after)).toEqual({
      revise: false,
      cancel: false,
      minutes: true,
    });
    expect(sittingActions({ status: 'annulee', startsAt }, after)).toEqual({
      revise: false,
      cancel: false,
      minutes: false,
    });
  });
});
