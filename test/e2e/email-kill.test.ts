import { simpleParser } from 'mailparser';
import { mkdtempSync } from 'fs';
import os from 'os';
import path from 'path';
import { enqueueNotice } from '../../src/app/delivery/enqueue';
import { PERSONAL_LINK } from '../../src/app/delivery/ports';
import { Recipient } from '../../src/domain/delivery/delivery';
import { openStore } from '../../src/store/open-store';
import { spawnBot } from '../support/bot-process';
import { FaultyCosmos } from '../support/faulty-cosmos';
import { SmtpRelay } from '../support/smtp-relay';

/**
 * The e-mail channel survives a kill: a bot process killed (SIGKILL) while it hands e-mails to
 * the relay loses none; the next process sends the rest, and what can go twice is at most what
 * was being sent at the kill (the relay took it, the bot never heard back).
 */
const N = 30;

it('a SIGKILL mid-send loses no e-mail: every member’s Message-ID arrives, and duplicates stay within the sends in flight', async () => {
  const cosmos = await new FaultyCosmos().start();
  const relay = await new SmtpRelay({ answerDelayMs: 150 }).start();
  const env = {
    BOT_MODE: 'local',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'centrale-kill-')),
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_EMULATOR: 'true',
    COSMOS_DATABASE: 'mail-killed',
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: relay.url(),
    SMTP_CA_FILE: relay.caFile,
    MAIL_FROM: 'convocations@grandlyon.test',
    // The killed process's claims run out soon, for the next process to take them.
    DELIVERY_LEASE_MS: '3000',
  };
  const store = await openStore({
    kind: 'cosmos',
    databaseId: 'mail-killed',
    target: { kind: 'embedded', endpoint: cosmos.endpoint },
  });
  let first: Awaited<ReturnType<typeof spawnBot>> | null = null;
  let second: Awaited<ReturnType<typeof spawnBot>> | null = null;
  try {
    await store.prepare();
    const recipients: Recipient[] = Array.from({ length: N }, (_, i) => ({
      kind: 'person',
      personKey: `externe:maire-${i}`,
      tenantId: 'externe',
      teamsUserId: null,
      label: `Maire ${i}`,
      email: `maire-${i}@commune.test`,
      delivery: 'email',
    }));
    await enqueueNotice(
      { outbox: store.outbox, clock: { now: () => new Date() } },
      {
        noticeId: 'convocation-kill',
        centraleId: 'metropole-de-lyon',
        senderKey: null,
        title: 'Convocation : Conférence des maires',
        payload: { text: 'Convocation' },
        serviceUrl: null,
        recipients: recipients.map((recipient) => ({ recipient })),
        mail: {
          subject: 'Convocation : Conférence des maires',
          text: `Répondre : ${PERSONAL_LINK}`,
          html: `<a href="${PERSONAL_LINK}">Répondre</a>`,
          calendar: null,
          link: { kind: 'seance', id: 'seance-kill', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
        },
      },
    );
    first = await spawnBot(env);
    for (let i = 0; i < 400 && relay.received.length < N / 3; i++) await new Promise((r) => setTimeout(r, 25));
    expect(relay.received.length).toBeLessThan(N);
    first.kill('SIGKILL');
    await first.exited;
    const { resources } = await store.cosmos
      .container('outbox')
      .items.query("SELECT VALUE COUNT(1) FROM c WHERE c.type = 'mail-entry' AND c.data.state = 'sending'")
      .fetchAll();
    const inFlight = resources[0] as number;

    second = await spawnBot(env);
    for (let i = 0; i < 1200; i++) {
      if (relay.received.length >= N && (await store.outbox.pendingMail('convocation-kill')).length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ids = await Promise.all(relay.received.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(new Set(ids).size).toBe(N);
    expect(relay.received.length - N).toBeLessThanOrEqual(inFlight);
    const records = await store.outbox.records('convocation-kill');
    expect(records.filter((r) => r.channel === 'email' && r.state === 'sent')).toHaveLength(N);
  } finally {
    if (first?.child.exitCode === null) first.kill('SIGKILL');
    if (second) {
      second.kill('SIGTERM');
      await second.exited;
    }
    await store.close();
    await relay.stop();
    await cosmos.stop();
  }
}, 180_000);
