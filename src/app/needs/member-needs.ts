import { ErrorCode } from '../../domain/error-codes';
import { randomUUID } from 'crypto';
import { DomainError } from '../../domain/errors';
import { Person, referentMemberOf } from '../../domain/governance';
import {
  Campaign,
  Need,
  NeedDraft,
  NeedErrors,
  Qualification,
  assertEditable,
  qualify,
  validateNeed,
} from '../../domain/needs/need';
import { LocalDate } from '../../domain/meetings/zoned-time';
import { assertAcceptsAnswers } from '../../domain/needs/deadline';
import { authorize } from '../../domain/permissions';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor, requirePerson } from '../identify-actor';
import { memberRecipients } from '../meetings/recipients';
import { createOrResume } from '../create-once';
import { AppDeps } from '../ports';
import { referentsOf } from './campaigns';
import { count } from '../../domain/french-text';

type Deps = Pick<AppDeps, 'governance' | 'needs' | 'outbox' | 'clock' | 'wake' | 'presenters'>;

export async function campaignOf(deps: Pick<AppDeps, 'needs'>, actor: Actor, campaignId: string): Promise<Campaign> {
  const c = await deps.needs.getCampaign(campaignId);
  if (!c || c.centraleId !== requirePerson(actor).centraleId)
    throw new DomainError(ErrorCode.UnknownCampaign, 'Cette campagne est introuvable dans votre centrale.');
  return c;
}

/** The actor answers for a target member of the campaign (a référent of it): that member's id. */
export function memberOf(person: Person, c: Campaign): string {
  const memberId = referentMemberOf(person);
  if (!memberId || !c.targetMemberIds.includes(memberId)) {
    throw new DomainError(
      ErrorCode.NotTarget,
      'Vous ne répondez pour aucun adhérent concerné par cette campagne : seuls leurs référents déclarent des besoins.',
    );
  }
  return memberId;
}

export async function ownNeed(
  deps: Pick<AppDeps, 'needs'>,
  c: Campaign,
  person: Person,
  needId: string,
): Promise<Need> {
  const n = await deps.needs.getNeed(c.id, needId);
  if (!n) throw new DomainError(ErrorCode.UnknownNeed, 'Ce besoin est introuvable.');
  if (n.memberId !== memberOf(person, c))
    throw new DomainError(
      ErrorCode.NotYourNeed,
      'Ce besoin a été déclaré par un autre adhérent : vous ne pouvez pas le modifier.',
    );
  return n;
}

export type SaveResult = { ok: true; need: Need } | { ok: false; errors: NeedErrors };

/**
 * A référent saves a need as a draft, or sends it (complete, checked). Edits a draft or a sent need
 * until qualification. A new need's form names it (`draftId`): the same form sent again (a double
 * click, a retry) finds the need the first one stored instead of declaring a second.
 */
export async function saveNeed(
  deps: Deps,
  actor: Actor,
  input: {
    campaignId: string;
    needId: string | null;
    draftId?: string;
    draft: NeedDraft;
    submit: boolean;
    /** The campaign, when the caller already read it (checked: of the actor's centrale). */
    campaign?: Campaign;
    /** How it came, when not from Teams: the page behind the e-mail's link (journalled « par lien e-mail »). */
    via?: 'lien-email';
    /** The journal's detail when it came another way (« import du classeur …, ligne 4 »). */
    journal?: string;
  },
  today: LocalDate,
): Promise<SaveResult> {
  const person = requirePerson(actor);
  const c = input.campaign?.id === input.campaignId ? input.campaign : await campaignOf(deps, actor, input.campaignId);
  const memberId = memberOf(person, c);
  const now = deps.clock.now();
  assertAcceptsAnswers(c, now);
  const checked = validateNeed(input.draft, c, today, input.submit);
  if (!checked.ok) return checked;
  const status = input.submit ? 'soumis' : 'brouillon';
  const action = input.submit ? 'envoyé' : 'brouillon enregistré';
  const detail = input.journal ?? (input.via ? 'par lien e-mail' : '');
  if (input.needId) {
    await ownNeed(deps, c, person, input.needId);
    const need = await deps.needs.updateNeed(c.id, input.needId, (n) => {
      assertEditable(n);
      // Once sent, a need stays sent: saving it again as a draft would hide it from the coordination.
      const next =
        n.status === 'brouillon' ? status : n.status === 'precisions-demandees' && input.submit ? 'soumis' : n.status;
      return {
        ...n,
        ...checked.fields,
        status: next,
        history: [
          ...n.history,
          { at: now.toISOString(), by: person.key, action: n.status === 'brouillon' ? action : 'modifié', detail },
        ],
        updatedAt: now.toISOString(),
      };
    });
    return { ok: true, need };
  }
  const drafted: Need = {
    ...checked.fields,
    id: `besoin-${input.draftId ?? randomUUID().slice(0, 8)}`,
    campaignId: c.id,
    memberId,
    status,
    mergedInto: null,
    question: '',
    answer: '',
    history: [{ at: now.toISOString(), by: person.key, action, detail }],
    createdBy: person.key,
    updatedAt: now.toISOString(),
  };
  const { need } = await createOrResume(
    { centraleId: c.centraleId, need: drafted },
    {
      create: (r) => deps.needs.createNeed(r.need),
      get: async () => {
        const stored = await deps.needs.getNeed(c.id, drafted.id);
        return stored && { centraleId: c.centraleId, need: stored };
      },
    },
    (r) => r.need.createdBy,
    'Ce formulaire a déjà servi : rouvrez « Déclarer un besoin » depuis votre carte de campagne.',
  );
  // The same form saved as a draft, then sent: the draft it stored is sent.
  if (need !== drafted && input.submit && need.status === 'brouillon')
    return saveNeed(deps, actor, { ...input, needId: need.id, draftId: undefined }, today);
  return { ok: true, need };
}

export async function withdrawNeed(
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; needId: string },
): Promise<Need> {
  const person = requirePerson(actor);
  const c = await campaignOf(deps, actor, input.campaignId);
  await ownNeed(deps, c, person, input.needId);
  const now = deps.clock.now();
  assertAcceptsAnswers(c, now);
  return deps.needs.updateNeed(c.id, input.needId, (n) => {
    assertEditable(n);
    return {
      ...n,
      status: 'retire',
      history: [...n.history, { at: now.toISOString(), by: person.key, action: 'retiré', detail: '' }],
      updatedAt: now.toISOString(),
    };
  });
}

/** « Néant »: the member has no need in this campaign (an answer, not a silence). */
export async function declareNothing(deps: Deps, actor: Actor, campaignId: string, via?: 'lien-email'): Promise<void> {
  const person = requirePerson(actor);
  const c = await campaignOf(deps, actor, campaignId);
  const memberId = memberOf(person, c);
  assertAcceptsAnswers(c, deps.clock.now());
  const sent = (await deps.needs.memberPart(c.id, memberId)).needs.filter(
    (n) => !['brouillon', 'retire'].includes(n.status),
  );
  if (sent.length)
    throw new DomainError(
      ErrorCode.HasNeeds,
      `Votre commune a déjà envoyé ${count(sent.length, 'besoin', 'besoins')} : retirez-${sent.length > 1 ? 'les' : 'le'} d’abord pour répondre « néant ».`,
    );
  const answer = { memberId, nothing: true, by: person.key, at: deps.clock.now().toISOString() };
  await deps.needs.setAnswer(c.id, via ? { ...answer, via } : answer);
}

/** The member answers the coordination's question: the need goes back to qualification. */
export async function answerDetails(
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; needId: string; answer: string },
): Promise<Need> {
  const person = requirePerson(actor);
  const c = await campaignOf(deps, actor, input.campaignId);
  await ownNeed(deps, c, person, input.needId);
  const answer = input.answer.trim();
  if (!answer) throw new DomainError(ErrorCode.AnswerRequired, 'Écrivez votre réponse avant de l’envoyer.');
  const now = deps.clock.now();
  return deps.needs.updateNeed(c.id, input.needId, (n) => {
    if (n.status !== 'precisions-demandees')
      throw new DomainError(ErrorCode.NoQuestion, 'Aucune précision n’est attendue sur ce besoin.');
    return {
      ...n,
      status: 'soumis',
      answer,
      history: [
        ...n.history,
        { at: now.toISOString(), by: person.key, action: 'précisions apportées', detail: answer },
      ],
      updatedAt: now.toISOString(),
    };
  });
}

/** A coordinator qualifies a sent need; the member is told when details are asked or the need is rejected. */
export async function qualifyNeed(
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; needId: string; q: Qualification },
): Promise<Need> {
  const person = requirePerson(actor);
  authorize(person, 'campaign.manage');
  const c = await campaignOf(deps, actor, input.campaignId);
  if (!(await deps.needs.getNeed(c.id, input.needId)))
    throw new DomainError(
      ErrorCode.UnknownNeed,
      'Ce besoin n’est pas dans cette campagne : actualisez la carte de suivi et choisissez-en un de la liste.',
    );
  const into = input.q.action === 'fusionner' ? await deps.needs.getNeed(c.id, input.q.intoId) : null;
  const now = deps.clock.now();
  const need = await deps.needs.updateNeed(c.id, input.needId, (n) =>
    qualify(n, input.q, { into, by: person.key, now }),
  );
  if (need.status === 'precisions-demandees' || need.status === 'rejete') {
    const people = await deps.governance.listPeople(c.centraleId);
    const card = deps.presenters.needs.needNotice(c, need);
    await enqueueNotice(deps, {
      noticeId: `besoin-${need.id}-${need.history.length}`,
      centraleId: c.centraleId,
      senderKey: person.key,
      title: need.status === 'rejete' ? 'Besoin rejeté' : 'Précisions demandées sur un besoin',
      payload: card,
      serviceUrl: c.serviceUrl,
      recipients: memberRecipients(
        people,
        referentsOf(people, need.memberId).map((p) => p.key),
        () => card,
      ),
    });
  }
  return need;
}
