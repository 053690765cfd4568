import { z } from 'zod';
import { cancelBallot } from '../../app/ballots/cancel-ballot';
import { ballotFormView, openFromForm } from '../../app/ballots/form-view';
import { closeAndManage, manageBallot } from '../../app/ballots/manage-view';
import { viewBallot, voteFromCard } from '../../app/ballots/voter-view';
import { zoneOf } from '../../app/time-zone';
import { cardText } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { instanceForCommand } from '../governance/instance-target';
import { dateField, timeField } from '../language/prefill';
import { messageCard } from '../replies';
import { VerbRouter, backTo } from '../verb-router';
import { ballotDraftOf, ballotFormCard, ballotFormData, typedBallotForm } from './forms';
import { auditLink, manageViewCard, voterViewCard } from './views';
import { optionalText } from '../form-fields';
import { registerMyBallots } from './my-ballots';
import { ownFiles } from '../doc-links';

const toManage = backTo('Revenir au suivi du scrutin', 'ballot.manage', 'ballotId');
const toVote = backTo('Revenir au scrutin', 'ballot.view', 'ballotId');

const ballotIdData = z.object({ ballotId: z.string().min(1).max(200) });

const voteData = ballotIdData.extend({
  choice: z.string({ error: 'Choix manquant : rouvrez la carte.' }).min(1).max(100),
  forKey: z.string().max(300).optional(),
  reason: optionalText(1000, 'Motif'),
});

const cancelData = ballotIdData.extend({ reason: optionalText(2000, 'Raison') });

export function registerBallots(commands: CommandRouter, verbs: VerbRouter): void {
  // « ouvrir un vote au COPIL jusqu’à vendredi 18 h »: the form, prefilled; « Ouvrir » opens it.
  commands.add('ballot.open', async (turn, request) => {
    const target = await instanceForCommand(turn, request);
    const { when } = request.understood;
    return ballotFormCard(await ballotFormView(turn.deps, turn.actor, target?.id), {
      instanceId: target?.id,
      closeDate: dateField(when),
      closeTime: timeField(when),
    });
  });
  verbs.add(
    'ballot.open',
    ballotFormData,
    async (turn, data) => {
      const { draft, errors } = ballotDraftOf(data, zoneOf(turn.actor));
      const { draftId, instanceId, sittingId } = data;
      const opened = await openFromForm(turn.deps, turn.actor, {
        instanceId,
        draftId,
        draft,
        formErrors: errors,
        sittingId: sittingId || null,
        serviceUrl: turn.serviceUrl,
      });
      // The organiser's link to the audit trail lasts a day (a new card gives a new one).
      return opened.ok
        ? manageViewCard(opened.manage, auditLink(turn.deps, opened.ballot.id, 1))
        : ballotFormCard(opened.form, data, opened.errors);
    },
    undefined,
    {
      fields: ['subject', 'question', 'links', 'choices'],
      card: async (turn, typed, tooLong) =>
        ballotFormCard(await ballotFormView(turn.deps, turn.actor, typed.instanceId), typedBallotForm(typed), tooLong),
    },
  );
  verbs.add(
    'ballot.vote',
    voteData,
    async (turn, d) => voterViewCard(await voteFromCard(turn.deps, turn.actor, d), ownFiles(turn.deps)),
    toVote,
  );
  verbs.add('ballot.view', ballotIdData, async (turn, d) =>
    voterViewCard(await viewBallot(turn.deps, turn.actor, d.ballotId), ownFiles(turn.deps)),
  );
  verbs.add('ballot.manage', ballotIdData, async (turn, d) =>
    manageViewCard(await manageBallot(turn.deps, turn.actor, d.ballotId), auditLink(turn.deps, d.ballotId, 1)),
  );
  verbs.add(
    'ballot.close',
    ballotIdData,
    async (turn, d) =>
      manageViewCard(await closeAndManage(turn.deps, turn.actor, d.ballotId), auditLink(turn.deps, d.ballotId, 1)),
    toManage,
  );
  verbs.add(
    'ballot.cancel',
    cancelData,
    async (turn, d) => {
      const cancelled = await cancelBallot(turn.deps, turn.actor, { ballotId: d.ballotId, reason: d.reason });
      const card = messageCard({
        title: 'Scrutin annulé',
        text: `Les ${cancelled.voterKeys.length} votants de « ${cardText(cancelled.subject)} » sont prévenus.`,
        tone: 'attention',
      });
      // The organiser's way back: the ballot's card (its audit trail).
      const manage = { type: 'Action.Execute', title: 'Revenir au suivi du scrutin', verb: 'ballot.manage' };
      return { ...card, actions: [{ ...manage, data: { ballotId: cancelled.id } }] };
    },
    toManage,
  );
  registerMyBallots(commands);
}
