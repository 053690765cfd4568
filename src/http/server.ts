import restify from 'restify';
import { AddressInfo } from 'net';
import { PageLinkRequest } from '../app/files/page-link';
import { PAGE_CSS, PAGE_HEADERS, escapeHtml, pageShell } from '../web/html';
import { MAX_FORM_BYTES, MAX_NEED_FORM_BYTES, readFormBody } from './form-body';
import { readJsonBody } from './json-body';
import { UploadedFile, readMultipartBody } from './multipart-body';
import { refusalOf } from './request-guards';

/** What the HTTP layer needs from the rest: one handler for activities, one health probe. */
export interface HttpDeps {
  processActivity(req: restify.Request, res: restify.Response): Promise<void>;
  health(): Promise<{ ok: boolean; body: Record<string, unknown> }>;
  /** A file behind a signed link (calendar, CSV export). */
  file(request: {
    kind: string;
    id: string;
    exp: string;
    sig: string;
  }): Promise<
    | { status: 200; file: { filename: string; contentType: string; body: string | Buffer } }
    | { status: number; message: string }
  >;
  /**
   * The page behind a member's e-mail link: shown (`activated` when a person's action opened it,
   * not a mail filter's fetch), or their answer posted on it.
   */
  page(request: PageLinkRequest & { activated: boolean; action: string }): Promise<WebPage>;
  answerPage(
    request: PageLinkRequest & { action: string },
    form: Record<string, string>,
    upload?: { filename: string; content: Buffer },
  ): Promise<WebPage>;
  log: { info(msg: string, f?: Record<string, unknown>): void; error(msg: string, f?: Record<string, unknown>): void };
  /** Local mode only: the e-mails written as .eml files, listed at /courriels. */
  mailbox?: {
    page(): Promise<string>;
    /** One file's MIME, or null (no such file). */
    read(file: string): Promise<Buffer | null>;
  };
}

/** A page as the web layer renders it. */
export interface WebPage {
  status: number;
  html: string;
}

export interface HttpServer {
  port: number;
  /** Stops accepting, then waits (up to graceMs) for turns under way to finish. */
  close(graceMs: number): Promise<void>;
}

export async function startHttpServer(
  deps: HttpDeps,
  host: string,
  port: number,
  options: { localOnly: boolean; publicOrigin?: string | null } = { localOnly: false },
): Promise<HttpServer> {
  // name '' : no Server header, nothing to tell a stranger which framework answers.
  // A page link's id is a sitting id and a person key (`<sitting>|<tenant>:<object id>`): over find-my-way's 100.
  const server = restify.createServer({ name: '', handleUncaughtExceptions: false, maxParamLength: 400 });
  // No body parser: restify's would gunzip without an error handler, check the size before
  // inflating and stream multipart files to disk, all before authentication. The one body the
  // bot reads is the activity, read by readJsonBody below.
  // A stranger cannot hold a connection open for long: headers within 10 s, a request within 30 s.
  server.server.headersTimeout = 10_000;
  server.server.requestTimeout = 30_000;
  server.server.keepAliveTimeout = 5_000;
  server.pre((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const refusal = refusalOf(
      req.headers,
      options.localOnly,
      { method: req.method, url: req.url },
      options.publicOrigin ?? null,
    );
    if (refusal) {
      res.setHeader('Connection', 'close');
      res.send(403, { error: refusal });
      return next(false);
    }
    return next();
  });

  let inFlight = 0;
  let idle: (() => void) | null = null;

  server.post('/api/messages', async (req, res) => {
    const read = await readJsonBody(req);
    if (!read.ok) {
      // What is left of the body is never read: this connection cannot carry another request.
      res.setHeader('Connection', 'close');
      res.send(read.status, { error: read.error });
      return;
    }
    req.body = read.body;
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body) || typeof req.body.type !== 'string') {
      res.send(400, { error: 'Le corps de la requête doit être une activité JSON avec un champ « type ».' });
      return;
    }
    inFlight++;
    try {
      await deps.processActivity(req, res);
    } catch (e) {
      deps.log.error('activity processing failed', { error: e instanceof Error ? e.stack : String(e) });
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    } finally {
      inFlight--;
      if (inFlight === 0) idle?.();
    }
  });

  server.get('/healthz', async (_req, res) => {
    const { ok, body } = await deps.health();
    res.send(ok ? 200 : 503, body);
  });

  server.get('/fichiers/:kind/:id', async (req, res) => {
    const q = new URL(req.url ?? '', 'http://localhost').searchParams;
    const answer = await deps.file({
      kind: String(req.params.kind),
      id: String(req.params.id),
      exp: q.get('exp') ?? '',
      sig: q.get('sig') ?? '',
    });
    if (answer.status !== 200 || !('file' in answer)) {
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.sendRaw(answer.status, 'message' in answer ? answer.message : '');
      return;
    }
    res.setHeader('Content-Type', answer.file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${answer.file.filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.sendRaw(200, answer.file.body);
  });

  const linkOf = (req: restify.Request): PageLinkRequest => {
    const q = new URL(req.url ?? '', 'http://localhost').searchParams;
    return {
      kind: String(req.params.kind),
      id: String(req.params.id),
      exp: q.get('exp') ?? '',
      sig: q.get('sig') ?? '',
    };
  };
  const sendPage = (res: restify.Response, status: number, html: string) => {
    for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
    res.sendRaw(status, html);
  };

  server.get('/static/page.css', async (_req, res) => {
    res.setHeader('Content-Type', 'text/css; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendRaw(200, PAGE_CSS);
  });

  server.get('/lien/:kind/:id', async (req, res) => {
    // A person's click or tap sets Sec-Fetch-User; a mail filter scanning the link does not.
    const page = await deps.page({
      ...linkOf(req),
      activated: req.headers['sec-fetch-user'] === '?1',
      action: req.url ?? '',
    });
    sendPage(res, page.status, page.html);
  });

  server.post('/lien/:kind/:id', async (req, res) => {
    // A référent's needs page also takes a workbook (« Importer un classeur »), the consumption
    // page a supplier's report: multipart, 2 MB at most.
    const multipart =
      (req.params.kind === 'besoins' || req.params.kind === 'consommation') &&
      /^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''));
    const read = multipart
      ? await readMultipartBody(req)
      : await readFormBody(req, req.params.kind === 'besoins' ? MAX_NEED_FORM_BYTES : MAX_FORM_BYTES);
    if (!read.ok) {
      res.setHeader('Connection', 'close');
      sendPage(
        res,
        read.status,
        pageShell('Formulaire refusé', `<h1>Formulaire refusé</h1>\n<p>${escapeHtml(read.error)}</p>`),
      );
      return;
    }
    inFlight++;
    try {
      const files: UploadedFile[] = 'files' in read ? (read.files as UploadedFile[]) : [];
      const file = files.find((f) => f.field === 'classeur');
      const page = await deps.answerPage(
        { ...linkOf(req), action: req.url ?? '' },
        read.fields,
        multipart ? { filename: file?.filename ?? '', content: file?.content ?? Buffer.alloc(0) } : undefined,
      );
      sendPage(res, page.status, page.html);
    } catch (e) {
      deps.log.error('answer page failed', { error: e instanceof Error ? e.stack : String(e) });
      sendPage(
        res,
        500,
        pageShell(
          'Réponse non enregistrée',
          '<h1>Réponse non enregistrée</h1>\n<p>Un incident a empêché d’enregistrer votre réponse. Réessayez dans quelques minutes, ou répondez sur la carte dans Teams.</p>',
        ),
      );
    } finally {
      inFlight--;
      if (inFlight === 0) idle?.();
    }
  });

  const mailbox = deps.mailbox;
  if (mailbox) {
    server.get('/courriels', async (_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      res.sendRaw(200, await mailbox.page());
    });
    server.get('/courriels/:file', async (req, res) => {
      const body = await mailbox.read(String(req.params.file));
      if (!body) {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.sendRaw(404, 'Courriel introuvable.');
        return;
      }
      res.setHeader('Content-Type', 'message/rfc822');
      res.setHeader('Content-Disposition', `attachment; filename="${String(req.params.file)}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.sendRaw(200, body);
    });
  }

  server.on('restifyError', (req, res, err, next) => {
    // The path only: a page link's query is its signature (a personal link).
    deps.log.info('request rejected', {
      path: (req.url ?? '').split('?')[0],
      status: err.statusCode,
      message: err.message,
    });
    return next();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    async close(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections?.();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (idle = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      server.server.closeAllConnections?.();
      await closed;
    },
  };
}
