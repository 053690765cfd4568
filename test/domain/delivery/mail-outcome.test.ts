import { MAIL_MAX_ATTEMPTS, classifyMail } from '../../../src/domain/delivery/mail-outcome';

const half = () => 0.5;

describe('what to do after an attempt to hand an e-mail over', () => {
  it('waits as long as the relay or Graph asks (Retry-After), else backs off', () => {
    expect(classifyMail({ kind: 'temporary', reason: '429', retryAfterMs: 7_000 }, 1, half)).toEqual({
      kind: 'retry',
      delayMs: 7_000,
      reason: 'Le serveur de messagerie a différé l’e-mail : nouvel essai programmé. (429)',
    });
    const first = classifyMail({ kind: 'temporary', reason: '451', retryAfterMs: null }, 1, half);
    const fifth = classifyMail({ kind: 'temporary', reason: '451', retryAfterMs: null }, 5, half);
    expect(first.kind === 'retry' && fifth.kind === 'retry' && fifth.delayMs > first.delayMs).toBe(true);
  });

  it('never tries a permanent refusal again, and gives up after the last attempt with the last answer', () => {
    expect(classifyMail({ kind: 'permanent', reason: '550 inconnu' }, 1, half)).toEqual({
      kind: 'failed',
      reason: '550 inconnu',
    });
    expect(
      classifyMail({ kind: 'temporary', reason: '451 occupé', retryAfterMs: null }, MAIL_MAX_ATTEMPTS, half),
    ).toEqual({
      kind: 'failed',
      reason: 'Le serveur de messagerie n’a pas accepté l’e-mail après plusieurs essais. Dernière réponse : 451 occupé',
    });
  });
});
