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
