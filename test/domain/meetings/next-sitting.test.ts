import { sittingsToCome } from '../../../src/domain/meetings/next-sitting';

const now = new Date('2026-12-02T14:00:00Z');
const at = (iso: string, status: 'convoquee' | 'modifiee' | 'annulee' | 'tenue' = 'convoquee') => ({
  startsAt: iso,
  status,
});

describe('the sittings « quorum ? » is about', () => {
  it('are those to come or started less than three hours ago, not cancelled nor held, soonest first', () => {
    const list = [
      at('2026-12-20T08:00:00Z'),
      at('2026-12-02T12:00:00Z', 'modifiee'), // under way: two hours ago
      at('2026-12-02T10:30:00Z'), // three and a half hours ago: over
      at('2026-12-05T08:00:00Z', 'annulee'),
      at('2026-12-02T13:00:00Z', 'tenue'),
      at('2026-12-10T08:00:00Z'),
    ];
    expect(sittingsToCome(list, now).map((s) => s.startsAt)).toEqual([
      '2026-12-02T12:00:00Z',
      '2026-12-10T08:00:00Z',
      '2026-12-20T08:00:00Z',
    ]);
    expect(sittingsToCome([], now)).toEqual([]);
  });
});
