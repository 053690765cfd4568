import { Actor } from '../identify-actor';
import { AppDeps } from '../ports';
import { PageKind, SignedLinks } from './signed-links';

/** A page link as the request names it. */
export interface PageLinkRequest {
  kind: string;
  id: string;
  exp: string;
  sig: string;
}

/** Why a page link opens nothing: altered, expired, its sitting (ballot) gone, or its person no longer in it. */
export type LinkRefusal = 'invalid' | 'expired' | 'unknown' | 'outsider';

/**
 * Who a page link was made for (`<target id>|<person key>`, signed): its signature proves it was
 * sent to this person for this target; they act in the target's centrale, and only while they
 * still belong to it and `admits` them (convened, a voter).
 */
export async function resolvePageLink<T extends { centraleId: string }>(
  deps: Pick<AppDeps, 'governance' | 'clock'>,
  links: SignedLinks,
  request: PageLinkRequest,
  kind: PageKind,
  target: { load(id: string): Promise<T | null>; admits(t: T, personKey: string): boolean },
): Promise<{ refusal: LinkRefusal } | { actor: Actor; target: T }> {
  const check = links.checkPage(request.kind, request.id, request.exp, request.sig, deps.clock.now());
  if (check !== 'ok') return { refusal: check };
  if (request.kind !== kind) return { refusal: 'invalid' };
  const cut = request.id.indexOf('|');
  if (cut < 0) return { refusal: 'invalid' };
  const found = await target.load(request.id.slice(0, cut));
  if (!found) return { refusal: 'unknown' };
  const [person, centrale] = await Promise.all([
    deps.governance.getPerson(found.centraleId, request.id.slice(cut + 1)),
    deps.governance.getCentrale(found.centraleId),
  ]);
  if (!person || !centrale || person.centraleId !== found.centraleId || !target.admits(found, person.key))
    return { refusal: 'outsider' };
  const identity = { tenantId: person.tenantId, aadObjectId: person.aadObjectId, displayName: person.displayName };
  return { actor: { identity, key: person.key, person, centrale }, target: found };
}
