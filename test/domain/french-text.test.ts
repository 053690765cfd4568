import { answeredOutOf, count, frenchList, ordinal, plural } from '../../src/domain/french-text';

describe('French counted nouns, ordinals and lists', () => {
  it('keeps 0 and 1 singular and makes 2 and more plural (French rule)', () => {
    expect(count(0, 'pouvoir', 'pouvoirs')).toBe('0 pouvoir');
    expect(count(1, 'pouvoir', 'pouvoirs')).toBe('1 pouvoir');
    expect(count(2, 'pouvoir', 'pouvoirs')).toBe('2 pouvoirs');
    expect(count(1500, 'habitant', 'habitants')).toBe('1\u202f500 habitants');
  });

  it('writes gender-neutral forms with the median dot, singular and plural', () => {
    expect(count(1, 'présent·e', 'présent·es')).toBe('1 présent·e');
    expect(count(3, 'présent·e', 'présent·es')).toBe('3 présent·es');
    expect(count(0, 'organisateur·rice', 'organisateur·rices')).toBe('0 organisateur·rice');
    expect(count(2, 'organisateur·rice', 'organisateur·rices')).toBe('2 organisateur·rices');
  });

  it('takes a feminine noun as it is given', () => {
    expect(count(1, 'séance', 'séances')).toBe('1 séance');
    expect(count(2, 'séance', 'séances')).toBe('2 séances');
  });

  it('gives the word alone for agreement elsewhere in the sentence', () => {
    expect(plural(1, 'exprimé', 'exprimés')).toBe('exprimé');
    expect(plural(4, 'exprimé', 'exprimés')).toBe('exprimés');
  });

  it('writes ordinals as French abbreviates them: 1er / 1re, 2e, 10e', () => {
    expect(ordinal(1)).toBe('1er');
    expect(ordinal(1, 'f')).toBe('1re');
    expect(ordinal(2)).toBe('2e');
    expect(ordinal(10, 'f')).toBe('10e');
  });

  it('joins lists « A, B et C »', () => {
    expect(frenchList([])).toBe('');
    expect(frenchList(['A'])).toBe('A');
    expect(frenchList(['A', 'B'])).toBe('A et B');
    expect(frenchList(['A', 'B', 'C'])).toBe('A, B et C');
    expect(frenchList(['A', 'B'], 'ou')).toBe('A ou B');
  });

  it('makes the verb agree with who answered, not with the total (« 1 adhérent sur 5 a répondu »)', () => {
    expect(answeredOutOf(0, 5, 'adhérent', 'adhérents')).toBe('0 adhérent sur 5 a répondu');
    expect(answeredOutOf(1, 60, 'adhérent', 'adhérents')).toBe('1 adhérent sur 60 a répondu');
    expect(answeredOutOf(3, 5, 'adhérent', 'adhérents')).toBe('3 adhérents sur 5 ont répondu');
  });
});
