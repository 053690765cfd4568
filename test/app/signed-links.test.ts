import { SignedLinks } from '../../src/app/files/signed-links';

describe('signed file links', () => {
  const links = new SignedLinks('a-secret-shared-by-every-instance-0123456789');
  links.setBase('https://bot.example.org/');
  const now = new Date('2026-12-01T09:00:00Z');
  const parse = (url: string) => {
    const u = new URL(url);
    const [, , kind, id] = u.pathname.split('/');
    return {
      kind: kind!,
      id: decodeURIComponent(id!),
      exp: u.searchParams.get('exp')!,
      sig: u.searchParams.get('sig')!,
    };
  };

  it('opens the file it was made for, until it expires', () => {
    const l = parse(links.url('preuve', 'seance-1', new Date('2026-12-02T09:00:00Z')));
    expect(links.check(l.kind, l.id, l.exp, l.sig, now)).toBe('ok');
    expect(links.check(l.kind, l.id, l.exp, l.sig, new Date('2026-12-02T09:00:01Z'))).toBe('expired');
  });

  it('cannot be turned into another file, another expiry, or be made with another secret', () => {
    const l = parse(links.url('agenda', 'seance-1', new Date('2026-12-02T09:00:00Z')));
    expect(links.check('preuve', l.id, l.exp, l.sig, now)).toBe('invalid');
    expect(links.check(l.kind, 'seance-2', l.exp, l.sig, now)).toBe('invalid');
    expect(links.check(l.kind, l.id, String(Number(l.exp) + 86_400), l.sig, now)).toBe('invalid');
    const other = new SignedLinks('another-secret-another-deployment-0123456789', 'https://bot.example.org');
    const o = parse(other.url('agenda', 'seance-1', new Date('2026-12-02T09:00:00Z')));
    expect(links.check(o.kind, o.id, o.exp, o.sig, now)).toBe('invalid');
    expect(links.check(l.kind, l.id, l.exp, 'short', now)).toBe('invalid');
  });
});

describe('signed page links (the e-mail’s personal link)', () => {
  const links = new SignedLinks('a-secret-shared-by-every-instance-0123456789');
  links.setBase('https://bot.example.org/');
  const now = new Date('2026-12-01T09:00:00Z');
  const parse = (url: string) => {
    const u = new URL(url);
    const [, prefix, kind, id] = u.pathname.split('/');
    return {
      prefix: prefix!,
      kind: kind!,
      id: decodeURIComponent(id!),
      exp: u.searchParams.get('exp')!,
      sig: u.searchParams.get('sig')!,
    };
  };
  const id = 'seance-1|tenant:alice';

  it('opens the page it was made for, until it expires', () => {
    const l = parse(links.pageUrl('seance', id, new Date('2026-12-02T09:00:00Z')));
    expect(l.prefix).toBe('lien');
    expect(links.checkPage(l.kind, l.id, l.exp, l.sig, now)).toBe('ok');
    expect(links.checkPage(l.kind, l.id, l.exp, l.sig, new Date('2026-12-02T09:00:01Z'))).toBe('expired');
  });

  it('cannot be altered to name another member or sitting, nor used as a file link', () => {
    const l = parse(links.pageUrl('seance', id, new Date('2026-12-02T09:00:00Z')));
    expect(links.checkPage(l.kind, 'seance-1|tenant:bob', l.exp, l.sig, now)).toBe('invalid');
    expect(links.checkPage(l.kind, 'seance-2|tenant:alice', l.exp, l.sig, now)).toBe('invalid');
    expect(links.checkPage('scrutin', l.id, l.exp, l.sig, now)).toBe('invalid');
    // The same kind, id and expiry under /fichiers/ are not a file link, and a file link is no page link.
    expect(links.check(l.kind, l.id, l.exp, l.sig, now)).toBe('invalid');
    expect(links.check('lien', `${l.kind}\n${l.id}`, l.exp, l.sig, now)).toBe('invalid');
    const f = parse(links.url('agenda', id, new Date('2026-12-02T09:00:00Z')));
    expect(links.checkPage(f.kind, f.id, f.exp, f.sig, now)).toBe('invalid');
    expect(links.checkPage('seance', f.id, f.exp, f.sig, now)).toBe('invalid');
    expect(links.kindOf(links.pageUrl('seance', id, new Date('2026-12-02T09:00:00Z')))).toBeNull();
  });
});
