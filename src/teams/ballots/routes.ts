import { z } from 'zod';
import { ballotOf, proxiesOf, voteOnBallot } from '../../app/ballots/cast-vote';
import { cancelBallot } from '../../app/ballots/cancel-ballot';
import { closeBallotEarly } from '../../app/ballots/close-ballot';
import { ballotNoticeId, openBallot } from '../../app/ballots/open-ballot';
import { updatePostedCard } from '../../app/delivery/enqueue';
import { requirePerson } from '../../app/identify-actor';
import { Ballot } from '../../domain/ballots/ballot';
import { Vote } from '../../domain/ballots/voting';
import { isDomainError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import { CardJson, cardText } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { asActivity, messageCard } from '../replies';
import { BotDeps, Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { BallotFormData, ballotDraftOf, ballotForm, ballotFormData } from './forms';

import { ballotPresenter, manageCard, resultCard, sharedCard, voterCard } from './views';
import { tallyVisible } from '../../domain/ballots/ballot';
import { instanceForCommand } from '../governance/instance-target';

const ballotIdData = z.object({ ballotId: z.string().min(1).max(200) });

/**
 * Votes of a ballot, shared for a moment by the invokes of this process: a burst of votes
 * reads the partition a few times instead of once per vote. A voter's own vote is always exact.
 */
const recentVotes = new Map<string, { at: number; votes: Promise<Vote[]> }>();
function votesOf(deps: BotDeps, ballotId: string, fresh = false): Promise<Vote[]> {
  const now = Date.now();
  const cached = recentVotes.get(ballotId);
  if (!fresh && cached && now - cached.at < 500) return cached.votes;
  const votes = deps.ballots.votes(ballotId);
  recentVotes.set(ballotId, { at: now, votes });
  if (recentVotes.size > 200) recentVotes.delete(recentVotes.keys().next().value!);
  return votes;
}

async function open(turn: Turn, data: BallotFormData): Promise<CardJson> {
  const timeZone = turn.actor.centrale?.timeZone ?? 'Europe/Paris';
  const { draft, errors } = ballotDraftOf(turn, data, timeZone);
  if (Object.keys(errors).length) return ballotForm(turn, data, errors);
  const result = await openBallot(turn.deps, turn.actor, {
    instanceId: data.instanceId,
    draftId: data.draftId,
    draft,
    sittingId: data.sittingId || null,
    presenter: ballotPresenter(turn.deps),
    serviceUrl: turn.serviceUrl,
  });
  if (!result.ok) return ballotForm(turn, data, result.errors);
  return manageOf(turn, result.ballot);
}

async function manageOf(turn: Turn, b: Ballot): Promise<CardJson> {
  const instance = await turn.deps.governance.getInstance(b.centraleId, b.instanceId);
  authorize(requirePerson(turn.actor), 'ballot.manage', { instance: instance ?? undefined });
  const people = await turn.deps.governance.listPeople(b.centraleId);
  const audit = turn.deps.links.url('journal', b.id, new Date(turn.deps.clock.now().getTime() + 86_400_000));
  return b.status === 'clos' && b.result ? resultCardWithManage(b, people, audit) : manageCard(b, people, await votesOf(turn.deps, b.id, true), audit);
}

const resultCardWithManage = (b: Ballot, people: Parameters<typeof resultCard>[1], audit: string) => {
  const card = resultCard(b, people);
  const nonVoters = b.voterKeys.filter((k) => !(k in b.result!.counted)).map((k) => cardText(people.find((p) => p.key === k)?.displayName ?? k));
  return {
    ...card,
    body: [...(card.body as unknown[]), ...(nonVoters.length ? [{ type: 'TextBlock', text: `N’ont pas voté : ${nonVoters.join(', ')}`, wrap: true }] : [])],
    actions: [{ type: 'Action.OpenUrl', title: 'Journal (CSV)', url: audit }],
  } as CardJson;
};

/**
 * The voter's (or proxy holder's) own card. Their votes are point reads (exact); the tally,
 * when they may see it, comes from the votes shared by this process's invokes for 500 ms.
 */
async function ownView(turn: Turn, b: Ballot, error = '', justCast: Vote | null = null): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const proxies = await proxiesOf(turn.deps, b);
  const represented = [...proxies].filter(([, holder]) => holder === person.key).map(([k]) => k);
  if (!b.voterKeys.includes(person.key) && represented.length === 0 && !error) {
    return sharedCard(b, await turn.deps.governance.listPeople(b.centraleId), await votesOf(turn.deps, b.id));
  }
  const own = (await Promise.all([person.key, ...represented].map((k) => (justCast?.voterKey === k ? justCast : turn.deps.ballots.voteOf(b.id, k))))).filter((v): v is Vote => !!v);
  const keys = new Set([person.key, ...represented, ...own.map((v) => v.castBy), ...proxies.values()]);
  keys.delete(person.key);
  const people = [person, ...(await Promise.all([...keys].map((k) => turn.deps.governance.getPerson(b.centraleId, k)))).filter((p): p is NonNullable<typeof p> => !!p)];
  keys.add(person.key);
  const mine = own.find((v) => v.voterKey === person.key);
  const others = tallyVisible(b, !!mine) ? (await votesOf(turn.deps, b.id)).filter((v) => !keys.has(v.voterKey)) : [];
  return voterCard(b, people, [...own, ...others], person.key, proxies, { error });
}

/** The channel's card follows the votes, coalesced in this process and in the outbox. */
export function refreshSharedCard(deps: BotDeps, ballotId: string) {
  deps.refresher.request(`ballot-${ballotId}`, async () => {
    const b = await deps.ballots.get(ballotId);
    const instance = b && (await deps.governance.getInstance(b.centraleId, b.instanceId));
    if (!b || !instance?.channel) return;
    const people = await deps.governance.listPeople(b.centraleId);
    await updatePostedCard(deps, {
      noticeId: ballotNoticeId(b.id),
      recipient: { kind: 'conversation', conversationId: instance.channel.conversationId, tenantId: people.find((p) => p.key === b.openedBy)?.tenantId ?? '', label: '' },
      cardId: b.id,
      payload: asActivity(sharedCard(b, people, await votesOf(deps, b.id, true))),
    });
  });
}

const voteData = ballotIdData.extend({
  choice: z.string({ error: 'Choix manquant : rouvrez la carte.' }).min(1).max(100),
  forKey: z.string().max(300).optional(),
  reason: z.string().max(1000, 'Le motif dépasse 1 000 caractères : raccourcissez-le.').optional().default(''),
});

async function vote(turn: Turn, data: z.infer<typeof voteData>): Promise<CardJson> {
  try {
    const { ballot, changed, vote: cast } = await voteOnBallot(turn.deps, turn.actor, data);
    if (changed) refreshSharedCard(turn.deps, ballot.id);
    return ownView(turn, ballot, '', cast);
  } catch (e) {
    if (!isDomainError(e) || e.code === 'unknown-ballot') throw e;
    return ownView(turn, await ballotOf(turn.deps, turn.actor, data.ballotId), e.userMessage);
  }
}

export function registerBallots(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['scrutin', 'vote'], async (turn, args) => {
    const target = await instanceForCommand(turn, args);
    await turn.reply(await ballotForm(turn, { instanceId: target?.id }));
  });
  verbs.add('ballot.open', ballotFormData, open);
  verbs.add('ballot.vote', voteData, vote);
  verbs.add('ballot.view', ballotIdData, async (turn, d) => ownView(turn, await ballotOf(turn.deps, turn.actor, d.ballotId)));
  verbs.add('ballot.manage', ballotIdData, async (turn, d) => manageOf(turn, await ballotOf(turn.deps, turn.actor, d.ballotId)));
  verbs.add('ballot.close', ballotIdData, async (turn, d) => {
    const closed = await closeBallotEarly(turn.deps, turn.actor, d.ballotId, ballotPresenter(turn.deps));
    return manageOf(turn, closed);
  });
  verbs.add('ballot.cancel', ballotIdData.extend({ reason: z.string().max(2000).optional().default('') }), async (turn, d) => {
    const cancelled = await cancelBallot(turn.deps, turn.actor, { ballotId: d.ballotId, reason: d.reason, presenter: ballotPresenter(turn.deps) });
    refreshSharedCard(turn.deps, cancelled.id);
    return messageCard({ title: 'Scrutin annulé', text: `Les ${cancelled.voterKeys.length} votants de « ${cardText(cancelled.subject)} » sont prévenus.`, tone: 'attention' });
  });
}
