/**
 * Local mode's transport ('fichiers'): each message is written as an .eml file in a folder of the
 * data directory, so that `npm run local` needs no mail server and what would have been sent can
 * be opened in any mail client. A file is written atomically (a temporary file renamed over), and
 * its name comes from the Message-ID: a second send of the same message replaces the file.
 *
 * `listMessages` reads back the few headers written (subject, recipient, date, Message-ID) for the
 * loopback page that lists them.
 */
import { createHash, randomUUID } from 'crypto';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'fs/promises';
import path from 'path';
import { MailResult, MailTransport, OutgoingMail } from '../app/delivery/mail-ports';
import { mimeOf } from './message';

export interface EmlFolderOptions {
  folder: string;
  /** The address messages are sent from (as for the other transports). */
  mailbox: string;
  /** The Date header written (default: now). */
  now?: () => Date;
}

export class EmlFolderTransport implements MailTransport {
  readonly name = 'fichiers' as const;
  readonly mailbox: string;
  private readonly folder: string;
  private readonly now: () => Date;

  constructor(options: EmlFolderOptions) {
    this.folder = options.folder;
    this.mailbox = options.mailbox;
    this.now = options.now ?? (() => new Date());
  }

  async send(mail: OutgoingMail): Promise<MailResult> {
    const file = path.join(this.folder, emlFileName(mail.messageId));
    const temp = path.join(this.folder, `.${randomUUID()}.tmp`);
    try {
      const mime = await mimeOf(mail, { date: this.now() });
      await mkdir(this.folder, { recursive: true });
      await writeFile(temp, mime, { flag: 'wx' });
      await rename(temp, file);
      return { kind: 'accepted', messageId: mail.messageId, response: `écrit dans ${file}` };
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined);
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      return {
        kind: 'temporary',
        code: null,
        reason: `Écriture du courriel impossible dans ${this.folder} (${code}).`,
        retryAfterMs: null,
      };
    }
  }
}

/**
 * A file name for a Message-ID: its characters a file name can hold, and a short hash of the whole
 * so that two Message-IDs differing only by the others do not share a file.
 */
export function emlFileName(messageId: string): string {
  const readable = messageId
    .replace(/^<|>$/g, '')
    .replace(/[^A-Za-z0-9._@-]/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 100);
  const hash = createHash('sha256').update(messageId).digest('hex').slice(0, 10);
  return `${readable}-${hash}.eml`;
}

export interface ListedMessage {
  /** The file's name in the folder. */
  file: string;
  subject: string;
  /** The recipient as written: « Name <address> ». */
  to: string;
  /** The Date header, ISO 8601. */
  date: string;
  messageId: string;
}

/** The messages of the folder, newest first (none if the folder does not exist). */
export async function listMessages(folder: string): Promise<ListedMessage[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.eml') && !n.startsWith('.'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const listed = await Promise.all(
    names.map(async (file) => {
      const full = path.join(folder, file);
      const [headers, info] = await Promise.all([readHeaders(full), stat(full)]);
      const date = Date.parse(headers.get('date') ?? '');
      return {
        sortKey: [Number.isFinite(date) ? date : info.mtimeMs, info.mtimeMs] as const,
        message: {
          file,
          subject: headers.get('subject') ?? '',
          to: headers.get('to') ?? '',
          date: new Date(Number.isFinite(date) ? date : info.mtimeMs).toISOString(),
          messageId: headers.get('message-id') ?? '',
        },
      };
    }),
  );
  listed.sort((a, b) => b.sortKey[0] - a.sortKey[0] || b.sortKey[1] - a.sortKey[1]);
  return listed.map((l) => l.message);
}

/** The header block of a message file (read from its first 64 KiB), unfolded and decoded. */
async function readHeaders(file: string): Promise<Map<string, string>> {
  const handle = await open(file, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
  const end = head.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(key)) headers.set(key, decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), adjacent ones joined before decoding. */
export function decodeWords(value: string): string {
  const word = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
  let out = '';
  let pending: Buffer[] = [];
  let charset = 'utf8';
  let last = 0;
  const flush = () => {
    if (pending.length) out += Buffer.concat(pending).toString(charset as BufferEncoding);
    pending = [];
  };
  for (const m of value.matchAll(word)) {
    const between = value.slice(last, m.index);
    const wordCharset = /^(iso-8859-1|latin1|us-ascii)$/i.test(m[1]!) ? 'latin1' : 'utf8';
    if (!(pending.length && /^\s*$/.test(between) && wordCharset === charset)) {
      flush();
      out += Buffer.from(between, 'latin1').toString('utf8');
    }
    charset = wordCharset;
    const text = m[3]!;
    pending.push(
      m[2]!.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_s, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ),
    );
    last = m.index! + m[0].length;
  }
  flush();
  return out + Buffer.from(value.slice(last), 'latin1').toString('utf8');
}
