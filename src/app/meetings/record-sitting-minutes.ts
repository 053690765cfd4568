import { documentBasename, journalSittingDocuments } from './sitting-documents';
import { Minutes, MinutesInput, recordMinutes } from '../../domain/meetings/minutes';
import { Sitting } from '../../domain/meetings/sitting';
import { Person } from '../../domain/governance';
import { recordDocument } from '../documents/record-document';
import { DocumentRecord } from '../documents/ports';
import { feuilleEmargement, procesVerbal } from './minutes-documents';
import { enqueueNotice } from '../delivery/enqueue';
import { Actor } from '../identify-actor';
import { organisedSitting } from './organised-sitting';
import { AppDeps } from '../ports';
import { MeetingPresenters } from './ports';
import { channelRecipient, memberRecipients } from './recipients';

/**
 * After the sitting, an organiser records the actual attendance and the relevé de décisions.
 * Stored with the sitting (status « tenue »), then posted to the instance's channel — or, when
 * the instance has no channel, to each member. A correction replaces it and is posted again.
 * Returns the channel's name, where there is one (the organiser is told where it went).
 */
export async function recordSittingMinutes(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake' | 'documents' | 'documentRenderer'> &
    MeetingPresenters,
  actor: Actor,
  input: { sittingId: string; minutes: MinutesInput; serviceUrl: string | null },
): Promise<{ sitting: Sitting; channelName: string | null }> {
  const { person, current, instance } = await organisedSitting(deps, actor, input.sittingId);
  const people = await deps.governance.listPeople(current.centraleId);
  const nameOf = (k: string) => people.find((p) => p.key === k)?.displayName ?? 'Un membre';
  const answers = await deps.meetings.answersOf(current.id);
  const now = deps.clock.now();
  const recorded = await deps.meetings.update(current.id, (s) => {
    const minutes = recordMinutes(s, answers, input.minutes, { nameOf, by: person.key, now });
    // The same relevé sent again (a double click, a retry after a fault) is not a correction:
    // nothing changes, and the notice below, of the same edition, finishes what the first began.
    if (s.minutes && sameContent(s.minutes, minutes)) return s;
    const correction = !!s.minutes;
    return {
      ...s,
      status: 'tenue',
      minutes,
      history: [
        ...s.history,
        {
          at: now.toISOString(),
          by: person.key,
          action: 'releve',
          summary: correction ? 'Relevé de décisions corrigé' : 'Relevé de décisions établi',
        },
      ],
    };
  });
  const edition = recorded.history.filter((h) => h.action === 'releve').length;
  const { sitting: withDocuments, records } = await keepMinutesDocuments(deps, recorded, people, edition, person.key);
  const recipients = instance.channel
    ? channelRecipient(instance, person.tenantId)
    : memberRecipients(people, recorded.memberKeys);
  await enqueueNotice(deps, {
    noticeId: `releve-${recorded.id}-${edition}`,
    centraleId: recorded.centraleId,
    senderKey: person.key,
    title: `Relevé de décisions : ${recorded.instanceName}`,
    payload: deps.presenters.meetings.minutes(withDocuments, people, records),
    serviceUrl: input.serviceUrl,
    recipients,
  });
  return { sitting: withDocuments, channelName: instance.channel?.name ?? null };
}

/** Two relevés that say the same: attendance, decisions, officers and times (not when, nor by whom). */
const sameContent = (a: Minutes, b: Minutes) =>
  canonical({ ...a, recordedAt: '', recordedBy: '' }) === canonical({ ...b, recordedAt: '', recordedBy: '' });

/** JSON with keys in order: a relevé read back from the store lists its fields in the schema's order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );

/**
 * The procès-verbal and the feuille d'émargement of this edition of the relevé, kept frozen
 * (a retry finds them kept), each with its line in the sitting's journal (once).
 */
async function keepMinutesDocuments(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock' | 'documents' | 'documentRenderer'>,
  sitting: Sitting,
  people: Person[],
  edition: number,
  by: string,
): Promise<{ sitting: Sitting; records: DocumentRecord[] }> {
  if (!sitting.minutes) return { sitting, records: [] };
  const [centrale, adherents] = await Promise.all([
    deps.governance.getCentrale(sitting.centraleId),
    deps.governance.listMembers(sitting.centraleId),
  ]);
  const held = {
    sitting: { ...sitting, minutes: sitting.minutes },
    people,
    adherents,
    centraleName: centrale?.name ?? 'Centrale d’achat',
    edition,
  };
  const now = deps.clock.now();
  const kept = [
    ...(await recordDocument(deps, {
      centraleId: sitting.centraleId,
      owner: { kind: 'seance', id: sitting.id },
      kind: 'proces-verbal',
      version: edition,
      label: `Procès-verbal, édition ${edition}`,
      basename: documentBasename('proces-verbal', sitting, edition),
      formats: ['pdf'],
      by,
      model: procesVerbal(held, now),
    })),
    ...(await recordDocument(deps, {
      centraleId: sitting.centraleId,
      owner: { kind: 'seance', id: sitting.id },
      kind: 'emargement',
      version: edition,
      label: `Feuille d’émargement, édition ${edition}`,
      basename: documentBasename('emargement', sitting, edition),
      formats: ['pdf'],
      by,
      model: feuilleEmargement(held, now),
    })),
  ];
  const records = kept.map((k) => k.record);
  const journalled = await journalSittingDocuments(deps, sitting, records);
  return { sitting: journalled, records };
}
