import { isDomainError } from '../../domain/errors';
import { AttendanceChoice } from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { Actor } from '../identify-actor';
import { PageLinkRequest, resolvePageLink } from '../files/page-link';
import { SignedLinks } from '../files/signed-links';
import { AppDeps } from '../ports';
import { ConvocationView, answerConvocation } from './convocation-view';
import { proxyNoteOf } from './proxy-runs';
import { MeetingPresenters } from './ports';

const CHOICES: readonly AttendanceChoice[] = ['present', 'distance', 'absent', 'pouvoir', 'suppleant'];

/**
 * The member's personal link to answer a sitting by e-mail: signed for this sitting and this
 * person, it expires the day after the sitting starts (the domain refuses answers from its start).
 */
export function sittingAnswerLink(links: SignedLinks, sitting: Pick<Sitting, 'id' | 'startsAt'>, personKey: string) {
  return links.pageUrl('seance', `${sitting.id}|${personKey}`, answerLinkExpiry(sitting));
}

/** When a sitting's answer links expire: the day after it starts. */
export const answerLinkExpiry = (s: Pick<Sitting, 'startsAt'>) => new Date(Date.parse(s.startsAt) + 86_400_000);

/** What the member chose on the page, as posted (kept on the page when it is refused). */
export interface AnswerChoice {
  choice: string;
  proxyHolderKey: string;
  proxySittings: string;
  substituteName: string;
}

export type Refusal = 'invalid' | 'expired' | 'unknown' | 'not-member';

export type LinkPage =
  | { status: 403 | 404 | 410; refusal: Refusal; message: string }
  | {
      status: 200;
      view: ConvocationView;
      /** « Votre réponse est enregistrée… », after an answer. */
      confirmation: string;
      /** What the member chose, kept when their answer is refused. */
      chosen: AnswerChoice | null;
      /** Whether the sitting still takes answers (not started, cancelled nor held). */
      open: boolean;
    };

type LinkDeps = Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake'> & MeetingPresenters;

const REFUSALS: Record<Refusal, { status: 403 | 404 | 410; message: string }> = {
  invalid: {
    status: 403,
    message:
      'Ce lien n’est pas valide : il a pu être coupé ou modifié. Rouvrez-le depuis l’e-mail de convocation, ou répondez sur la carte dans Teams.',
  },
  expired: {
    status: 410,
    message:
      'Ce lien a expiré : la séance a commencé, les réponses sont closes. Pour une question, écrivez à l’organisateur de la séance.',
  },
  unknown: { status: 404, message: 'Cette séance n’existe plus : elle a pu être supprimée.' },
  'not-member': {
    status: 403,
    message:
      'Ce lien a été créé pour une personne qui n’est plus enregistrée dans cette centrale, ou qui n’est plus convoquée à cette séance.',
  },
};

const refused = (refusal: Refusal): LinkPage => ({ refusal, ...REFUSALS[refusal] });

/** Who the link was made for: a member convened to the sitting, in its centrale (resolvePageLink). */
async function resolve(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  links: SignedLinks,
  request: PageLinkRequest,
): Promise<{ refusal: Refusal } | { actor: Actor; sitting: Sitting }> {
  const found = await resolvePageLink(deps, links, request, 'seance', {
    load: (id) => deps.meetings.get(id),
    admits: (s, key) => s.memberKeys.includes(key),
  });
  if ('refusal' in found) return { refusal: found.refusal === 'outsider' ? 'not-member' : found.refusal };
  return { actor: found.actor, sitting: found.target };
}

async function viewOf(deps: Pick<AppDeps, 'governance' | 'meetings'>, sitting: Sitting, personKey: string) {
  const [people, answers] = await Promise.all([
    deps.governance.listPeople(sitting.centraleId),
    deps.meetings.answersOf(sitting.id),
  ]);
  const proxyNote = await proxyNoteOf(
    deps,
    sitting,
    answers.find((a) => a.personKey === personKey),
  );
  return { sitting, people, answers, memberKey: personKey, error: '', proxyNote };
}

/**
 * The page a member opens from their e-mail. The first consultation (the receipt of the proof of
 * notice) is stamped only when a person opened it (`activated`: the browser says a user's action
 * started the navigation), never when a mail filter fetches the link to scan it.
 */
export async function openSittingLink(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  links: SignedLinks,
  request: PageLinkRequest,
  opts: { activated: boolean },
): Promise<LinkPage> {
  const found = await resolve(deps, links, request);
  if ('refusal' in found) return refused(found.refusal);
  const { sitting, actor } = found;
  if (opts.activated) await deps.meetings.acknowledge(sitting.id, actor.key, deps.clock.now());
  return {
    status: 200,
    view: await viewOf(deps, sitting, actor.key),
    confirmation: '',
    chosen: null,
    open: isOpen(sitting, deps.clock.now()),
  };
}

/**
 * The member answers on the page: the same use case as the card's button (the organiser's
 * forecast and the channel's card change alike), recorded « par lien e-mail ». A refusal of the
 * domain shows on the page, with what they chose kept.
 */
export async function answerFromLink(
  deps: LinkDeps,
  links: SignedLinks,
  request: PageLinkRequest,
  form: Record<string, string>,
): Promise<LinkPage> {
  const found = await resolve(deps, links, request);
  if ('refusal' in found) return refused(found.refusal);
  const { sitting, actor } = found;
  // Posting the form is a person's act: it stamps the first consultation too.
  await deps.meetings.acknowledge(sitting.id, actor.key, deps.clock.now());
  const chosen: AnswerChoice = {
    choice: form.choice ?? '',
    proxyHolderKey: form.proxyHolderKey ?? '',
    proxySittings: form.proxySittings ?? '',
    substituteName: form.substituteName ?? '',
  };
  const problem = formProblem(chosen);
  if (problem) {
    return {
      status: 200,
      view: { ...(await viewOf(deps, sitting, actor.key)), error: problem },
      confirmation: '',
      chosen,
      open: isOpen(sitting, deps.clock.now()),
    };
  }
  const choice = chosen.choice as AttendanceChoice;
  let view: ConvocationView;
  try {
    view = await answerConvocation(deps, actor, {
      sittingId: sitting.id,
      choice,
      proxyHolderKey: choice === 'pouvoir' ? chosen.proxyHolderKey || undefined : undefined,
      proxySittings: choice === 'pouvoir' && chosen.proxySittings ? Number(chosen.proxySittings) : undefined,
      substituteName: choice === 'suppleant' ? chosen.substituteName : undefined,
      via: 'lien-email',
    });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return {
      status: 200,
      view: { ...(await viewOf(deps, sitting, actor.key)), error: e.userMessage },
      confirmation: '',
      chosen,
      open: isOpen(sitting, deps.clock.now()),
    };
  }
  if (view.error) return { status: 200, view, confirmation: '', chosen, open: isOpen(sitting, deps.clock.now()) };
  return {
    status: 200,
    view,
    confirmation: 'Votre réponse est enregistrée. Vous pouvez la changer ici jusqu’au début de la séance.',
    chosen: null,
    open: isOpen(sitting, deps.clock.now()),
  };
}

const isOpen = (s: Sitting, now: Date) =>
  s.status !== 'annulee' && s.status !== 'tenue' && Date.parse(s.startsAt) > now.getTime();

/** What the form cannot carry, in French (the page offers only valid choices; a crafted body may not). */
function formProblem(c: AnswerChoice): string {
  if (!(CHOICES as readonly string[]).includes(c.choice)) return 'Choisissez votre réponse : présent·e, absent·e…';
  if (c.proxyHolderKey.length > 300) return 'Membre non reconnu : choisissez-le dans la liste.';
  if (c.proxySittings && !/^\d{1,2}$/.test(c.proxySittings))
    return 'Nombre de séances non reconnu : choisissez-le dans la liste.';
  if (c.substituteName.length > 200) return 'Votre suppléant·e : 200 caractères au plus. Raccourcissez ce texte.';
  return '';
}
