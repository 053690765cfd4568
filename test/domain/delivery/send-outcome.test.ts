import {
  DeliveryState,
  MAX_ATTEMPTS,
  REASONS,
  backoff,
  classify,
  parseRetryAfter,
} from '../../../src/domain/delivery/send-outcome';
import { byRecipient, stateLabel, summarize } from '../../../src/domain/delivery/delivery';

const half = () => 0.5;

describe('what to do after an attempt to post to Teams', () => {
  it('records 2xx as sent', () => {
    expect(classify(201, 1, null, half)).toEqual({ kind: 'sent' });
  });

  it('never retries 403 (blocked, not in roster, disabled) nor 413 (too big), and says why in French', () => {
    expect(classify(403, 1, null, half)).toEqual({ kind: 'final', state: 'unreachable', reason: REASONS.blocked });
    expect(classify(413, 1, null, half)).toEqual({ kind: 'final', state: 'failed', reason: REASONS.tooBig });
  });

  it('waits as long as Retry-After says on 429', () => {
    expect(classify(429, 1, 3_000, half)).toMatchObject({ kind: 'retry', delayMs: 3_000 });
  });

  it('backs off exponentially with jitter on 412, 502, 503, 504 and network errors', () => {
    for (const status of [412, 502, 503, 504, 0]) expect(classify(status, 1, null, half).kind).toBe('retry');
    expect(backoff(1, () => 0)).toBe(250);
    expect(backoff(1, () => 1)).toBe(500);
    expect(backoff(4, () => 1)).toBe(4_000);
    expect(backoff(30, () => 1)).toBe(60_000);
  });

  it('gives up after the last attempt', () => {
    expect(classify(503, MAX_ATTEMPTS, null, half)).toEqual({ kind: 'final', state: 'failed', reason: REASONS.gaveUp });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});

describe('delivery summary', () => {
  it('counts delivered, pending and failed recipients like "57/58 délivrés"', () => {
    const statuses = [
      ...Array.from({ length: 57 }, () => ({ label: 'x', state: 'sent' as const, reason: null })),
      { label: 'y', state: 'unreachable' as const, reason: REASONS.blocked },
    ];
    expect(summarize(statuses)).toEqual({
      total: 58,
      delivered: 57,
      pending: 0,
      failed: 1,
      byEmail: 0,
      headline: '57/58 délivrés',
    });
    expect(summarize([{ label: 'z', state: 'queued', reason: null }]).headline).toBe('0/1 délivré');
  });
});

describe('a recipient reached on two channels', () => {
  const item = (key: string, channel: 'teams' | 'email', state: DeliveryState, fellBackToEmail = false) => ({
    recipientKey: key,
    label: key,
    channel,
    state,
    reason: null,
    fellBackToEmail,
  });

  it('counts once, by e-mail, a member Teams could not reach: « 57/59 délivrés : 52 par Teams, 5 par e-mail »', () => {
    const items = [
      ...Array.from({ length: 52 }, (_, i) => item(`t${i}`, 'teams', 'sent')),
      ...Array.from({ length: 5 }, (_, i) => [
        item(`e${i}`, 'teams', 'unreachable', true),
        item(`e${i}`, 'email', 'sent'),
      ]).flat(),
      item('x', 'teams', 'unreachable'),
      item('y', 'email', 'failed'),
    ];
    const statuses = byRecipient(items);
    expect(statuses).toHaveLength(59);
    expect(summarize(statuses)).toMatchObject({ total: 59, delivered: 57, byEmail: 5, failed: 2 });
    expect(summarize(statuses).headline).toBe('57/59 délivrés : 52 par Teams, 5 par e-mail');
    expect(statuses.filter((s) => s.channel === 'email').map(stateLabel)).toEqual([
      ...Array(5).fill('délivré par e-mail'),
      'échec (e-mail)',
    ]);
  });

  it('shows as under way a member whose e-mail is being queued, not as unreachable', () => {
    expect(byRecipient([item('a', 'teams', 'unreachable', true)])).toEqual([
      { label: 'a', state: 'queued', reason: null, channel: 'teams' },
    ]);
  });
});
