import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { tidyTimes, whenOf, nextYearOf } from '../../../src/domain/language/when';
import { CASES, outcomeOf } from './when-cases';

// Issue 22: the time expressions are checked at 00:30 local, across a daylight-saving change and
// at the year's end, in Paris and overseas, and the server's own zone changes nothing.

describe('whenOf reads the day and time a sentence says, on the centrale’s clock', () => {
  it.each(CASES.map((c) => [c.text, c.local, c.zone, c] as const))('« %s », said %s (%s)', (_t, _l, _z, c) => {
    expect(outcomeOf(c)).toEqual(c.expected);
  });

  it('gives the words that said it, times tidied', () => {
    const at = new Date('2026-12-01T23:30:00Z');
    expect(whenOf('convoquer le COPIL demain à 9 h', at, 'Europe/Paris')?.text).toBe('demain à 9h');
    expect(whenOf('réunir le COPIL après-demain', at, 'Europe/Paris')?.text).toBe('après-demain');
    expect(whenOf('le COPIL mardi 1er à 10 h', at, 'Europe/Paris')?.text).toBe('mardi 1er à 10h');
    expect(whenOf('convoquer le COPIL le 12 à 14 h', at, 'Europe/Paris')?.text).toBe('12 à 14h');
    // « est » is not the EST time zone.
    expect(whenOf('la séance de jeudi 10 h est déplacée', at, 'Europe/Paris')?.text).toBe('jeudi 10h');
    expect(whenOf('jeudi, ou le 12', at, 'Europe/Paris')?.text).toBe('jeudi');
  });

  it('tidies French times, and leaves « après-midi » alone', () => {
    expect(tidyTimes('à 14 h 30, 9\u00a0h, 10 heures, midi et demi, 8 h et quart')).toBe(
      'à 14h30, 9h, 10h, 12h30, 8h15',
    );
    expect(tidyTimes('demain après-midi, à minuit')).toBe('demain après-midi, à 0h');
  });

  it('moves a day to next year, 29 February to the 28th', () => {
    expect(nextYearOf({ year: 2026, month: 12, day: 1 })).toEqual({ year: 2027, month: 12, day: 1 });
    expect(nextYearOf({ year: 2028, month: 2, day: 29 })).toEqual({ year: 2029, month: 2, day: 28 });
  });
});

describe('the server’s own zone changes nothing', () => {
  const run = promisify(execFile);
  const script = path.join(__dirname, 'when-in-zone.ts');
  const expected = CASES.map((c) => c.expected);

  it.each(['Pacific/Kiritimati', 'America/Los_Angeles', 'Europe/London'])(
    'the same readings in a process whose zone is %s',
    async (zone) => {
      const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
        cwd: path.join(__dirname, '../../..'),
        env: { ...process.env, TZ: zone, TS_NODE_TRANSPILE_ONLY: 'true' },
      });
      const out = JSON.parse(stdout) as { zone: string; outcomes: unknown[] };
      expect(out.zone).toBe(zone);
      expect(out.outcomes).toEqual(expected);
    },
    60_000,
  );
});
