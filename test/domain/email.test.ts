import { isValidEmail, normalizeEmail, sameEmail } from '../../src/domain/email';
import { DomainError } from '../../src/domain/errors';

describe('e-mail addresses', () => {
  it('accepts plain mailboxes and refuses what a relay would refuse', () => {
    for (const ok of ['jean.dupont@bron.fr', 'a+b@mairie-de-bron.example', "o'neil@ville.lyon.fr", 'x@y.co']) {
      expect(isValidEmail(ok)).toBe(true);
    }
    for (const bad of [
      'jean.bron',
      'jean@bron',
      'jean@bron..fr',
      '@bron.fr',
      'jean@@bron.fr',
      'jean dupont@bron.fr',
      'jean.@bron.fr',
      'Jean <jean@bron.fr>',
      'jean@-bron.fr',
      'jean@bron.f1',
      `${'a'.repeat(65)}@bron.fr`,
      `a@${'b'.repeat(250)}.fr`,
    ]) {
      expect(isValidEmail(bad)).toBe(false);
    }
  });

  it('stores an address trimmed with its domain in lower case, empty as none, and refuses a bad one in French', () => {
    expect(normalizeEmail('  Luc.Moreau@Mairie-Bron.EXAMPLE ')).toBe('Luc.Moreau@mairie-bron.example');
    expect(normalizeEmail('   ')).toBeNull();
    expect(normalizeEmail(undefined)).toBeNull();
    expect(() => normalizeEmail('jean@bron')).toThrow(DomainError);
    expect(() => normalizeEmail('jean@bron')).toThrow(
      'Adresse e-mail invalide : « jean@bron ». Écrivez-la comme nom@commune.fr.',
    );
  });

  it('matches addresses whatever their case', () => {
    expect(sameEmail('Jean@Bron.fr', ' jean@bron.FR')).toBe(true);
    expect(sameEmail('jean@bron.fr', 'jeanne@bron.fr')).toBe(false);
    expect(sameEmail(null, null)).toBe(false);
  });
});
