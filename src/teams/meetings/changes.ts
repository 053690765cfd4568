import { requirePerson } from '../../app/identify-actor';
import { reviseConvenedSitting } from '../../app/meetings/revise-sitting';
import { DomainError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import { revisionBlocker } from '../../domain/meetings/sitting';
import { CardJson } from '../card-renderer';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { convocationCards, refreshChannelCard } from './convocation-cards';
import { MeetingFormData, draftFromForm, formValuesOf, meetingForm, meetingFormData } from './forms';
import { forecastOf, sittingIdData, sittingOf } from './lookups';

/** The form, filled with the sitting as it stands. */
async function openEdit(turn: Turn, sittingId: string): Promise<CardJson> {
  const s = await sittingOf(turn, sittingId);
  const instance = await turn.deps.governance.getInstance(s.centraleId, s.instanceId);
  authorize(requirePerson(turn.actor), 'meeting.convene', { instance: instance ?? undefined });
  const blocked = revisionBlocker(s, turn.deps.clock.now());
  if (blocked) throw new DomainError(blocked.code, blocked.message);
  return meetingForm(turn, formValuesOf(s));
}

/** Saves the change, re-notifies the members with the new convocation, marks the old channel card. */
async function update(turn: Turn, data: MeetingFormData): Promise<CardJson> {
  if (!data.sittingId) throw new DomainError('no-sitting', 'Ce formulaire ne désigne aucune séance : rouvrez-le depuis la prévision du quorum.');
  const people = await turn.deps.governance.listPeople(requirePerson(turn.actor).centraleId);
  const banner = 'Séance modifiée : vérifiez la date, le lieu et l’ordre du jour, et votre réponse.';
  const result = await reviseConvenedSitting(turn.deps, turn.actor, {
    sittingId: data.sittingId,
    draft: draftFromForm(turn, data),
    serviceUrl: turn.serviceUrl,
    cards: convocationCards(turn.deps, people, banner),
  });
  if (!result.ok) return meetingForm(turn, data, result.errors);
  await refreshChannelCard(turn, result.previous, result.sitting);
  return forecastOf(turn, result.sitting);
}

export function registerMeetingChanges(verbs: VerbRouter): void {
  verbs.add('meeting.edit', sittingIdData, (turn, d) => openEdit(turn, d.sittingId));
  verbs.add('meeting.update', meetingFormData, update);
}
