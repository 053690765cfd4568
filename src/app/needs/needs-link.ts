import { count } from '../../domain/french-text';
import { randomUUID } from 'crypto';
import { ErrorCode } from '../../domain/error-codes';
import { isDomainError } from '../../domain/errors';
import { localDateOf } from '../../domain/meetings/zoned-time';
import { closingInstant } from '../../domain/needs/deadline';
import { Campaign, NeedDraft, NeedErrors } from '../../domain/needs/need';
import { NEED_FIELD_LABELS, NEED_FIELD_MAX, draftOfNeed, needRefusal } from '../../domain/needs/need-form';
import { frenchNumber } from '../../domain/french-format';
import { PageLinkRequest, resolvePageLink } from '../files/page-link';
import { SignedLinks } from '../files/signed-links';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { declareNothingFromCard, saveNeedFromCard, withdrawNeedFromCard } from './card-steps';
import { memberOf } from './member-needs';
import { importNeeds, importedBanner } from './needs-workbook';
import { MemberView, memberViewOf } from './queries';

/**
 * A référent's personal link to a campaign's needs form, for those without Teams: signed for the
 * campaign and the person, it expires the day after the campaign closes (`expiresAt`).
 */
export const needsLinkExpiry = (c: Pick<Campaign, 'deadline' | 'timeZone'>) =>
  new Date(closingInstant(c).getTime() + 86_400_000);

export type NeedsRefusal = 'invalid' | 'expired' | 'unknown' | 'not-referent';

/** The need form on the page: what was typed (kept when refused), and the errors per field. */
export interface NeedFormState {
  values: NeedDraft;
  /** Names the need a new form creates: the same form sent twice declares one need. */
  draftId: string;
  /** The need edited, or '' for a new one. */
  needId: string;
  errors: NeedErrors;
}

export type NeedsLinkPage =
  | { status: 403 | 404 | 410; refusal: NeedsRefusal; message: string }
  | {
      status: 200;
      view: MemberView;
      /** What was just done, in green. */
      banner: string;
      /** Why it was not done, in red (the domain's words). */
      error: string;
      /** The form, while the campaign takes answers. */
      form: NeedFormState | null;
      /** The workbook template's signed link (while the campaign takes answers), '' when closed. */
      templateUrl: string;
      /** Why a workbook sent was not imported: one line per error (« Ligne 4, colonne … »). */
      importErrors: string[];
    };

type Deps = Parameters<typeof saveNeedFromCard>[0] & Parameters<typeof importNeeds>[0] & { links: SignedLinks };

const REFUSALS: Record<NeedsRefusal, { status: 403 | 404 | 410; message: string }> = {
  invalid: {
    status: 403,
    message:
      'Ce lien n’est pas valide : il a pu être coupé ou modifié. Rouvrez-le depuis l’e-mail de la campagne, ou écrivez à la coordination de la centrale.',
  },
  expired: {
    status: 410,
    message:
      'Ce lien a expiré : la campagne est close. Si vous avez encore un besoin, demandez à la coordination de la prolonger.',
  },
  unknown: { status: 404, message: 'Cette campagne n’existe plus : elle a pu être supprimée.' },
  'not-referent': {
    status: 403,
    message:
      'Ce lien a été fait pour une personne qui n’est plus enregistrée dans cette centrale, ou qui ne répond pour aucune collectivité de cette campagne.',
  },
};

const refused = (refusal: NeedsRefusal): NeedsLinkPage => ({ refusal, ...REFUSALS[refusal] });

const KEYS = Object.keys(NEED_FIELD_LABELS) as Array<keyof NeedDraft>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who the link was made for: a référent of a member the campaign targets, in its centrale. */
async function resolve(
  deps: Pick<AppDeps, 'governance' | 'needs' | 'clock'>,
  links: SignedLinks,
  request: PageLinkRequest,
): Promise<{ refusal: NeedsRefusal } | { actor: Actor; campaign: Campaign }> {
  const found = await resolvePageLink(deps, links, request, 'besoins', {
    load: (id) => deps.needs.getCampaign(id),
    admits: () => true,
  });
  if ('refusal' in found) return { refusal: found.refusal === 'outsider' ? 'not-referent' : found.refusal };
  try {
    memberOf(requirePerson(found.actor), found.target);
  } catch (e) {
    if (isDomainError(e) && e.code === ErrorCode.NotTarget) return { refusal: 'not-referent' };
    throw e;
  }
  return { actor: found.actor, campaign: found.target };
}

/** A new need's form, as the Teams form proposes it: the first segment, a year's contract, indicative. */
function blankForm(c: Campaign): NeedFormState {
  const values = Object.fromEntries(KEYS.map((k) => [k, ''])) as NeedDraft;
  return {
    values: {
      ...values,
      segment: c.segments[0] ?? '',
      wishedStart: `${Number(c.deadline.slice(0, 4)) + 1}-01-01`,
      duration: '12',
      commitment: 'indicative',
    },
    draftId: randomUUID(),
    needId: '',
    errors: {},
  };
}

async function pageOf(
  deps: Deps,
  actor: Actor,
  c: Campaign,
  opts: { banner?: string; error?: string; form?: NeedFormState; view?: MemberView; importErrors?: string[] } = {},
): Promise<NeedsLinkPage> {
  const campaign = (await deps.needs.getCampaign(c.id)) ?? c;
  const view = opts.view ?? (await memberViewOf(deps, requirePerson(actor), campaign));
  return {
    status: 200,
    view,
    banner: opts.banner ?? '',
    error: opts.error ?? '',
    form: view.closed ? null : (opts.form ?? blankForm(campaign)),
    templateUrl: view.closed ? '' : deps.links.url('modele-besoins', campaign.id, needsLinkExpiry(campaign)),
    importErrors: opts.importErrors ?? [],
  };
}

/** The page a référent opens from the campaign's e-mail: the campaign, their commune's needs, a need's form. */
export async function openNeedsLink(deps: Deps, links: SignedLinks, request: PageLinkRequest): Promise<NeedsLinkPage> {
  const found = await resolve(deps, links, request);
  if ('refusal' in found) return refused(found.refusal);
  return pageOf(deps, found.actor, found.campaign);
}

/**
 * What the référent does on the page, through the Teams form's use cases (the same validation,
 * drafts, « néant », the coordination's progress card refreshed): `step` is « envoyer »,
 * « brouillon », « modifier » (a need of theirs back in the form), « retirer » or « neant ». A
 * refusal shows on the page in French, with what was typed kept.
 */
export async function actOnNeedsLink(
  deps: Deps,
  links: SignedLinks,
  request: PageLinkRequest,
  fields: Record<string, string>,
  upload?: { filename: string; content: Buffer },
): Promise<NeedsLinkPage> {
  const found = await resolve(deps, links, request);
  if ('refusal' in found) return refused(found.refusal);
  const { actor, campaign: c } = found;
  const step = upload ? 'importer' : (fields.step ?? '');
  const needId = (fields.needId ?? '').slice(0, 200);
  try {
    switch (step) {
      case 'envoyer':
      case 'brouillon':
        return await save(deps, actor, c, fields, step === 'envoyer');
      case 'modifier': {
        const view = await memberViewOf(deps, requirePerson(actor), c);
        const need = view.needs.find(
          (n) => n.id === needId && ['brouillon', 'soumis', 'precisions-demandees'].includes(n.status),
        );
        if (!need)
          return pageOf(deps, actor, c, {
            view,
            error: 'Ce besoin n’est plus modifiable : choisissez-en un dans la liste.',
          });
        const typed = draftOfNeed(need);
        const values = Object.fromEntries(KEYS.map((k) => [k, typed[k] ?? ''])) as NeedDraft;
        return pageOf(deps, actor, c, { view, form: { values, draftId: randomUUID(), needId: need.id, errors: {} } });
      }
      case 'retirer': {
        const r = await withdrawNeedFromCard(deps, actor, { campaignId: c.id, needId });
        return pageOf(
          deps,
          actor,
          c,
          r.error ? { view: r.view, error: r.error } : { view: r.view, banner: 'Besoin retiré.' },
        );
      }
      case 'importer': {
        // Only an upload imports (multipart): a form posting « importer » without a file says so.
        const r = await importNeeds(deps, actor, {
          campaignId: c.id,
          filename: upload?.filename ?? '',
          bytes: upload?.content ?? Buffer.alloc(0),
        });
        return r.ok
          ? pageOf(deps, actor, c, { banner: importedBanner(r.created) })
          : pageOf(deps, actor, c, {
              error: r.saved
                ? `Le classeur n’est importé qu’en partie : ${count(r.saved, 'besoin envoyé', 'besoins envoyés')} avant l’erreur. Envoyez de nouveau le même classeur pour terminer : aucun besoin ne sera déclaré deux fois.`
                : 'Le classeur n’est pas importé : aucun besoin n’a été enregistré. Corrigez-le, puis envoyez-le de nouveau.',
              importErrors: r.errors,
            });
      }
      case 'neant': {
        const r = await declareNothingFromCard(deps, actor, c.id, 'lien-email');
        return pageOf(
          deps,
          actor,
          c,
          r.error
            ? { view: r.view, error: r.error }
            : { view: r.view, banner: 'Réponse « néant » enregistrée. Merci.' },
        );
      }
      default:
        return pageOf(deps, actor, c, { error: 'Action non reconnue : utilisez les boutons de la page.' });
    }
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return pageOf(deps, actor, c, { error: e.userMessage });
  }
}

/** « Envoyer » or « Enregistrer le brouillon »: the Teams form's length limits, then saveNeed's rules. */
async function save(deps: Deps, actor: Actor, c: Campaign, fields: Record<string, string>, submit: boolean) {
  const values = Object.fromEntries(KEYS.map((k) => [k, fields[k] ?? ''])) as NeedDraft;
  const needId = (fields.needId ?? '').slice(0, 200);
  const draftId = UUID.test(fields.draftId ?? '') ? fields.draftId! : randomUUID();
  const tooLong: NeedErrors = {};
  for (const k of KEYS)
    if (values[k].length > NEED_FIELD_MAX[k])
      tooLong[k] =
        `Raccourcissez ce texte : ${frenchNumber(NEED_FIELD_MAX[k])} caractères au plus (${frenchNumber(values[k].length)} saisis).`;
  const typed = { values, draftId, needId };
  if (Object.keys(tooLong).length)
    return pageOf(deps, actor, c, { form: { ...typed, errors: tooLong }, error: needRefusal(tooLong, submit) });
  const today = localDateOf(deps.clock.now(), zoneOf(actor));
  let result: Awaited<ReturnType<typeof saveNeedFromCard>>;
  try {
    result = await saveNeedFromCard(deps, actor, {
      campaignId: c.id,
      needId: needId || null,
      draftId: needId ? undefined : draftId,
      draft: values,
      submit,
      today,
      via: 'lien-email',
    });
  } catch (e) {
    // A refusal of the domain (campaign closed, need qualified meanwhile…): the typed need kept.
    if (!isDomainError(e)) throw e;
    return pageOf(deps, actor, c, { form: { ...typed, errors: {} }, error: e.userMessage });
  }
  if (!result.ok)
    return pageOf(deps, actor, c, {
      form: { ...typed, errors: result.errors },
      error: needRefusal(result.errors, submit),
    });
  return pageOf(deps, actor, c, {
    view: result.view,
    banner:
      result.need.status === 'brouillon'
        ? 'Brouillon enregistré : il n’est pas encore envoyé.'
        : 'Besoin envoyé à la coordination.',
  });
}
