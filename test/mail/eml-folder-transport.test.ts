import { mkdtemp, readFile, readdir, rm } from 'fs/promises';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { tmpdir } from 'os';
import path from 'path';
import { EmlFolderTransport, listMessages } from '../../src/mail/eml-folder-transport';
import { SAMPLE_UID, sampleMail } from '../support/mail-sample';

describe('local mode: each message written as an .eml file in the data folder', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'courriels-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('creates the folder and writes a message that a real MIME parser reads back whole', async () => {
    const folder = path.join(root, 'donnees', 'courriels');
    const transport = new EmlFolderTransport({ folder, mailbox: 'centrale@example.org' });
    const mail = sampleMail();
    const result = await transport.send(mail);
    const files = await readdir(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    expect(result).toEqual({
      kind: 'accepted',
      messageId: mail.messageId,
      response: `écrit dans ${path.join(folder, files[0]!)}`,
    });
    expect(transport.name).toBe('fichiers');

    const parsed = await simpleParser(await readFile(path.join(folder, files[0]!)));
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.to && !Array.isArray(parsed.to) && parsed.to.value).toEqual([mail.to]);
    expect(parsed.text?.trim()).toBe(mail.text);
    expect(parsed.html).toContain('Comité d’orientation');
    const ics = parsed.attachments.find((a) => a.filename === 'convocation.ics')!;
    const event = new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe(SAMPLE_UID);
  });

  it('replaces the file when the same message is sent again, and leaves no temporary file', async () => {
    const transport = new EmlFolderTransport({ folder: root, mailbox: 'centrale@example.org' });
    await transport.send(sampleMail({ subject: 'Premier essai' }));
    await transport.send(sampleMail({ subject: 'Second essai' }));
    const files = await readdir(root);
    expect(files).toHaveLength(1);
    const parsed = await simpleParser(await readFile(path.join(root, files[0]!)));
    expect(parsed.subject).toBe('Second essai');
  });

  it('keeps apart messages whose Message-IDs differ only by characters a file name cannot hold', async () => {
    const transport = new EmlFolderTransport({ folder: root, mailbox: 'centrale@example.org' });
    await transport.send(sampleMail({ messageId: '<a/b@centrale.example.org>' }));
    await transport.send(sampleMail({ messageId: '<a:b@centrale.example.org>' }));
    const files = await readdir(root);
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/^[A-Za-z0-9._@-]+\.eml$/);
  });

  it('lists the messages newest first, with their subject and recipient as written', async () => {
    let now = new Date('2026-12-01T09:00:00Z');
    const transport = new EmlFolderTransport({ folder: root, mailbox: 'centrale@example.org', now: () => now });
    await transport.send(sampleMail({ messageId: '<premier@centrale.example.org>', subject: 'Convocation' }));
    now = new Date('2026-12-01T09:05:00Z');
    await transport.send(
      sampleMail({
        messageId: '<second@centrale.example.org>',
        subject: 'Modification : la séance du Comité d’orientation est déplacée à l’Hôtel de la Métropole',
        to: { name: 'Jean-Noël Müller', address: 'jn.muller@example.fr' },
      }),
    );
    const list = await listMessages(root);
    expect(list.map(({ file: _f, ...rest }) => rest)).toEqual([
      {
        messageId: '<second@centrale.example.org>',
        subject: 'Modification : la séance du Comité d’orientation est déplacée à l’Hôtel de la Métropole',
        to: 'Jean-Noël Müller <jn.muller@example.fr>',
        date: '2026-12-01T09:05:00.000Z',
      },
      {
        messageId: '<premier@centrale.example.org>',
        subject: 'Convocation',
        to: 'Hélène Lefèvre-Çelik <helene.lefevre@commune.example.fr>',
        date: '2026-12-01T09:00:00.000Z',
      },
    ]);
    expect((await readdir(root)).sort()).toEqual(list.map((m) => m.file).sort());
  });

  it('lists nothing when no message was written yet', async () => {
    expect(await listMessages(path.join(root, 'absent'))).toEqual([]);
  });

  it('answers « temporary » with the reason when the folder cannot be written', async () => {
    const transport = new EmlFolderTransport({ folder: path.join(__filename, 'pas-un-dossier'), mailbox: 'x@y.fr' });
    const result = await transport.send(sampleMail());
    expect(result).toMatchObject({ kind: 'temporary', code: null, retryAfterMs: null });
    expect(result.kind === 'temporary' && result.reason).toMatch(
      /^Écriture du courriel impossible dans .*pas-un-dossier/,
    );
  });
});
