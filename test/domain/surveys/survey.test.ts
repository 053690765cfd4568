import {
  DEFAULT_ANONYMITY_THRESHOLD,
  SCALE,
  anonymityThreshold,
  detailShown,
  responseRate,
  scaleLabel,
} from '../../../src/domain/surveys/survey';

describe('the anonymity threshold of survey results', () => {
  it('is 3 answers unless the centrale sets another, from 2 to 20', () => {
    expect(DEFAULT_ANONYMITY_THRESHOLD).toBe(3);
    expect(anonymityThreshold(undefined)).toBe(3);
    expect(anonymityThreshold(null)).toBe(3);
    expect(anonymityThreshold(5)).toBe(5);
    expect(anonymityThreshold(2)).toBe(2);
    expect(anonymityThreshold(20)).toBe(20);
    // A setting that would lay one answer open, or makes no sense, falls back to the default.
    for (const bad of [1, 0, -3, 2.5, 21, Number.NaN]) expect(anonymityThreshold(bad)).toBe(3);
  });

  it('hides the detail under the threshold and shows it from it', () => {
    expect([0, 1, 2, 3, 4].map((n) => detailShown(n, 3))).toEqual([false, false, false, true, true]);
    expect([1, 2].map((n) => detailShown(n, 2))).toEqual([false, true]);
    // A stored threshold out of range is read as the default, never as « show everything ».
    expect(detailShown(1, 1)).toBe(false);
    expect(detailShown(1, 0)).toBe(false);
  });
});

describe('the response rate', () => {
  it('is the answers over the people asked, in whole percent; none when nobody was asked', () => {
    expect(responseRate(4, 12)).toBe(33);
    expect(responseRate(2, 3)).toBe(67);
    expect(responseRate(3, 3)).toBe(100);
    expect(responseRate(0, 5)).toBe(0);
    expect(responseRate(0, 0)).toBeNull();
  });
});

describe('the rating scale', () => {
  it('labels each mark, from « Pas du tout satisfait » to « Très satisfait »', () => {
    expect(SCALE.map(scaleLabel)).toEqual([
      '1 — Pas du tout satisfait',
      '2 — Peu satisfait',
      '3 — Moyennement satisfait',
      '4 — Satisfait',
      '5 — Très satisfait',
    ]);
  });
});
