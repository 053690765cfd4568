import { reviseConvenedSitting } from '../../app/meetings/revise-sitting';
import { sittingEditForm } from '../../app/meetings/sitting-form';
import { CardJson } from '../card-renderer';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import {
  MeetingFormData,
  draftFromForm,
  formValuesOf,
  meetingForm,
  meetingFormData,
  meetingResend,
  sittingIdData,
} from './forms';
import { proofUrlOf } from './links';
import { organiserCard } from './organiser-card';
import { toForecast } from './back-links';

/** The form, filled with the sitting as it stands. */
async function openEdit(turn: Turn, sittingId: string): Promise<CardJson> {
  const { sitting, choices } = await sittingEditForm(turn.deps, turn.actor, sittingId);
  return meetingForm(formValuesOf(sitting), choices);
}

/** Saves the change (members told again, the old channel card marked), then the organiser's forecast. */
async function update(turn: Turn, data: MeetingFormData): Promise<CardJson> {
  const result = await reviseConvenedSitting(turn.deps, turn.actor, {
    sittingId: data.sittingId,
    draft: draftFromForm(turn, data),
    serviceUrl: turn.serviceUrl,
    ...(data.draftId ? { draftId: data.draftId } : {}),
  });
  if (!result.ok) return meetingForm(data, result.form, result.errors);
  return organiserCard(turn, result.forecast, proofUrlOf(turn.deps, result.sitting));
}

export function registerMeetingChanges(verbs: VerbRouter): void {
  verbs.add('meeting.edit', sittingIdData, (turn, d) => openEdit(turn, d.sittingId), toForecast);
  verbs.add('meeting.update', meetingFormData, update, toForecast, meetingResend);
}
