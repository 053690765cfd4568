import { handle, penaltyOf } from '../../../src/domain/disputes/dispute';
import { aDispute } from '../../support/disputes';

const now = new Date('2026-11-20T10:00:00Z');
const taken = aDispute({ status: 'pris-en-charge', takenAt: '2026-11-02T08:00:00Z' });
const resolve = (penalty?: string, d = taken) =>
  handle(
    d,
    { kind: 'resoudre', text: 'Livraison reçue.', ...(penalty !== undefined ? { penalty } : {}) },
    'k',
    now,
    'Europe/Paris',
  );

describe('penalties applied when a committee resolves a dispute', () => {
  it.each<[string, string | undefined, number | undefined, string]>([
    ['an amount in French euros', '500', 50_000, 'Résolu — pénalités appliquées : 500,00 € HT. Livraison reçue.'],
    ['with cents and spaces', '1 250,50 €', 125_050, 'Résolu — pénalités appliquées : 1 250,50 € HT. Livraison reçue.'],
    ['left empty: none', '  ', undefined, 'Livraison reçue.'],
    ['absent (an older card): none', undefined, undefined, 'Livraison reçue.'],
    ['zero: none said, none stored', '0', undefined, 'Livraison reçue.'],
  ])('%s', (_, typed, cents, detail) => {
    const { dispute, statusChanged } = resolve(typed);
    expect(statusChanged).toBe(true);
    expect(dispute.status).toBe('resolu');
    expect(dispute.penaltyCents).toBe(cents);
    expect('penaltyCents' in dispute).toBe(cents !== undefined);
    expect(dispute.history.at(-1)).toEqual({ at: now.toISOString(), by: 'k', status: 'resolu', detail });
    expect(dispute.resolution).toBe('Livraison reçue.');
  });

  it.each(['cinq cents', '-10', '12,345'])('« %s » is refused in French, the dispute unchanged', (typed) => {
    expect(() => resolve(typed)).toThrow(/Pénalités « .+ » non reconnues : écrivez un montant en euros HT/);
    expect(() => penaltyOf(typed)).toThrow();
  });

  it('a dispute reopened then resolved again keeps only what the new resolution says', () => {
    const first = resolve('500').dispute;
    const reopened = handle(first, { kind: 'rouvrir', text: 'Nouveau retard.' }, 'k', now, 'Europe/Paris').dispute;
    expect(reopened.penaltyCents).toBe(50_000);
    expect(resolve('', reopened).dispute.penaltyCents).toBeUndefined();
    expect(resolve('750', reopened).dispute.penaltyCents).toBe(75_000);
  });
});
