import { Ballot } from '../../domain/ballots/ballot';
import { isDomainError } from '../../domain/errors';
import { SignedLinks } from '../files/signed-links';
import { Actor } from '../identify-actor';
import { PageLinkRequest, resolvePageLink } from '../files/page-link';
import { AppDeps } from '../ports';
import { BallotPresenters } from './ports';
import { VoterView, voteFromCard, voterView } from './voter-view';

/** The voter's personal link to a ballot: signed for it and them, it expires a day after its close. */
export function ballotVoteLink(links: SignedLinks, ballot: Pick<Ballot, 'id' | 'closesAt'>, personKey: string) {
  return links.pageUrl('scrutin', `${ballot.id}|${personKey}`, voteLinkExpiry(ballot));
}

export const voteLinkExpiry = (ballot: Pick<Ballot, 'closesAt'>) => new Date(Date.parse(ballot.closesAt) + 86_400_000);

export type BallotRefusal = 'invalid' | 'expired' | 'unknown' | 'not-voter';

/** What the voter chose on the page: kept on the confirmation step and when refused. */
export interface VoteChoice {
  choice: string;
  reason: string;
}

export type BallotLinkPage =
  | { status: 403 | 404 | 410; refusal: BallotRefusal; message: string }
  /** A secret ballot: no vote by link (its secrecy is Teams' sign-in's business). */
  | { status: 200; step: 'secret'; ballot: Ballot }
  | {
      status: 200;
      /** 'choose': the form; 'confirm': « Confirmer mon vote »; 'done': the vote is recorded. */
      step: 'choose' | 'confirm' | 'done';
      view: Extract<VoterView, { kind: 'voter' }>;
      chosen: VoteChoice | null;
    };

const REFUSALS: Record<BallotRefusal, { status: 403 | 404 | 410; message: string }> = {
  invalid: {
    status: 403,
    message:
      'Ce lien n’est pas valide : il a pu être coupé ou modifié. Rouvrez-le depuis l’e-mail du scrutin, ou votez sur la carte dans Teams.',
  },
  expired: {
    status: 410,
    message: 'Ce lien a expiré : le scrutin est clos. Pour une question, écrivez à l’organisateur du scrutin.',
  },
  unknown: { status: 404, message: 'Ce scrutin n’existe plus : il a pu être supprimé.' },
  'not-voter': {
    status: 403,
    message:
      'Ce lien a été créé pour une personne qui n’est plus enregistrée dans cette centrale, ou qui ne fait pas partie des votants de ce scrutin.',
  },
};

const refused = (refusal: BallotRefusal): BallotLinkPage => ({ refusal, ...REFUSALS[refusal] });

type Deps = Pick<AppDeps, 'governance' | 'ballots' | 'meetings' | 'outbox' | 'clock' | 'wake'> & BallotPresenters;

/** Who the link was made for: a voter of the ballot, in its centrale (resolvePageLink). */
async function resolve(
  deps: Pick<AppDeps, 'governance' | 'ballots' | 'clock'>,
  links: SignedLinks,
  request: PageLinkRequest,
): Promise<{ refusal: BallotRefusal } | { actor: Actor; ballot: Ballot }> {
  const found = await resolvePageLink(deps, links, request, 'scrutin', {
    load: (id) => deps.ballots.get(id),
    admits: (b, key) => b.voterKeys.includes(key),
  });
  if ('refusal' in found) return { refusal: found.refusal === 'outsider' ? 'not-voter' : found.refusal };
  return { actor: found.actor, ballot: found.target };
}

const asVoter = (v: VoterView) => (v.kind === 'voter' ? v : null);

/** The page a voter opens from their e-mail: the ballot and their vote's form (none for a secret ballot). */
export async function openBallotLink(
  deps: Deps,
  links: SignedLinks,
  request: PageLinkRequest,
): Promise<BallotLinkPage> {
  const found = await resolve(deps, links, request);
  if ('refusal' in found) return refused(found.refusal);
  if (found.ballot.secret) return { status: 200, step: 'secret', ballot: found.ballot };
  const view = asVoter(await voterView(deps, found.actor, found.ballot));
  return view ? { status: 200, step: 'choose', view, chosen: null } : refused('not-voter');
}

/**
 * The voter's choice: first shown back for « Confirmer mon vote » (`step=confirmer`), then cast
 * through the card's use case (`step=voter`), journalled « par lien e-mail ». A refusal of the
 * domain shows on the form, with the choice kept.
 */
export async function voteFromLink(
  deps: Deps,
  links: SignedLinks,
  request: PageLinkRequest,
  form: Record<string, string>,
): Promise<BallotLinkPage> {
  const found = await resolve(deps, links, request);
  if ('refusal' in found) return refused(found.refusal);
  const { actor, ballot } = found;
  if (ballot.secret) return { status: 200, step: 'secret', ballot };
  const chosen: VoteChoice = { choice: (form.choice ?? '').slice(0, 200), reason: (form.reason ?? '').slice(0, 2_000) };
  const current = asVoter(await voterView(deps, actor, ballot));
  if (!current) return refused('not-voter');
  if (form.step === 'modifier') return { status: 200, step: 'choose', view: current, chosen };
  if (!ballot.choices.includes(chosen.choice))
    return { status: 200, step: 'choose', view: { ...current, error: 'Choisissez votre vote dans la liste.' }, chosen };
  if (form.step !== 'voter') return { status: 200, step: 'confirm', view: current, chosen };
  let view: VoterView;
  try {
    view = await voteFromCard(deps, actor, {
      ballotId: ballot.id,
      choice: chosen.choice,
      reason: chosen.reason,
      via: 'lien-email',
    });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return { status: 200, step: 'choose', view: { ...current, error: e.userMessage }, chosen };
  }
  const voter = asVoter(view);
  if (!voter) return refused('not-voter');
  return voter.error
    ? { status: 200, step: 'choose', view: voter, chosen }
    : { status: 200, step: 'done', view: voter, chosen: null };
}
