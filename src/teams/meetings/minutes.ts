import { sittingDocuments } from '../../app/meetings/sitting-documents';
import { z } from 'zod';
import { MinutesFormData, minutesForm, recordMinutesFromForm } from '../../app/meetings/minutes-form';
import { Person, personByKey } from '../../domain/governance';
import {
  ATTENDANCE_CHOICES,
  AttendanceChoice,
  CHOICE_LABELS,
  isAttendanceChoice,
  sitsWith,
} from '../../domain/meetings/attendance';
import { Sitting } from '../../domain/meetings/sitting';
import { frenchDateTime, wallClockOf } from '../../domain/meetings/zoned-time';
import { defaultOfficers } from '../../domain/meetings/minutes';
import { RESULT_LABELS, VotePosition, countsText } from '../../domain/meetings/minutes-votes';
import { OpenUrl } from '../doc-links';
import { documentButtons } from '../documents';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { back } from '../back';
import { messageCard } from '../replies';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { sittingIdData } from './forms';
import { substitutesLine } from './views';
import { limitedText } from '../form-fields';
import { toForecast } from './back-links';

/** The movement rows: as typed after a refusal, else as recorded, plus blank rows (3 at least). */
function moveRows(s: Sitting, typed: Record<string, string | undefined>, nameOf: (key: string) => string) {
  const typedRows = Object.keys(typed)
    .map((f) => /^mvwho_(\d{1,2})$/.exec(f)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  if (typedRows.length) {
    return Array.from({ length: Math.max(...typedRows) + 1 }, (_, k) => ({
      who: typed[`mvwho_${k}`] ?? '',
      arrival: typed[`mvarr_${k}`] ?? '',
      departure: typed[`mvdep_${k}`] ?? '',
    }));
  }
  const recorded = (s.minutes?.attendance ?? [])
    .filter((a) => a.arrivedAt || a.leftAt)
    .map((a) => ({
      who: nameOf(a.personKey),
      arrival: inputTime(a.arrivedAt, s.timeZone),
      departure: inputTime(a.leftAt, s.timeZone),
    }));
  const blank = { who: '', arrival: '', departure: '' };
  return [...recorded, ...Array.from({ length: Math.max(1, 3 - recorded.length) }, () => blank)];
}

/** « 09:30 », the wall-clock time an Input.Time shows, from an instant. */
const inputTime = (iso: string | undefined, timeZone: string) => {
  if (!iso) return '';
  const w = wallClockOf(new Date(iso), timeZone);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

/**
 * The form: the sitting's officers and times, one line per member (prefilled with their answer,
 * an arrival and a departure time), and per agenda item its decision and vote. Sized for 60
 * members and more: a named vote is « tous pour sauf » — three short lists of names (or numbers
 * in the attendance list) per item — rather than one choice per member per item, which would not
 * fit a card (28 KB). `typed`: what the organiser sent, shown again after a refusal.
 */
export function minutesFormCard(
  form: MinutesFormData,
  typed: Record<string, string | undefined> = {},
  error = '',
  part: FormPart = 'presence',
): CardJson {
  const whole = formCard(form, typed, error, 'whole');
  return Buffer.byteLength(JSON.stringify(whole)) <= FORM_BUDGET ? whole : formCard(form, typed, error, part);
}

/**
 * The whole form on one card while it fits; beyond (some 25 members with a few voted items:
 * one attendance choice per member, the officers' lists, ~2.4 KB per item), two cards: the
 * attendance with arrivals and departures, then the officers, times, decisions and votes. Each
 * carries what was typed on the other in its buttons' data, so nothing is lost either way.
 */
type FormPart = 'presence' | 'decisions';
const FORM_BUDGET = 26 * 1024;

function formCard(
  { sitting: s, people, answers }: MinutesFormData,
  typed: Record<string, string | undefined>,
  error: string,
  mode: FormPart | 'whole',
): CardJson {
  const m = s.minutes;
  const recorded = (key: string) => m?.attendance.find((a) => a.personKey === key);
  const byKey = personByKey(people);
  const answered = (key: string) =>
    recorded(key)?.choice ?? answers.find((a) => a.personKey === key)?.choice ?? 'absent';
  const choiceOf = (key: string) => {
    const t = typed[`att_${s.memberKeys.indexOf(key)}`];
    return t && isAttendanceChoice(t) ? t : answered(key);
  };
  const defaults = defaultOfficers(s.memberKeys, (k) => sitsWith(choiceOf(k)), s.organiserKey);
  const indexOf = (key: string | null | undefined) => (key ? String(s.memberKeys.indexOf(key)) : '');
  const nameOf = (key: string) => byKey(key)?.displayName ?? key;
  const field = (name: string, fallback: string) => typed[name] ?? fallback;
  const namesIn = (n: number, position: VotePosition) => {
    const vote = m?.decisions[n]?.vote;
    return vote?.kind === 'named'
      ? vote.positions
          .filter((p) => p.position === position)
          .map((p) => nameOf(p.personKey))
          .join(', ')
      : '';
  };
  const count = (n: number, position: VotePosition) => {
    const vote = m?.decisions[n]?.vote;
    return vote && vote.kind === 'counts' ? String(vote[position]) : '';
  };
  const card = renderCard('meeting.minutes.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: back('meeting.forecast', { sittingId: s.id }),
    sittingId: s.id,
    instanceName: cardText(s.instanceName),
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    opening: field('opening', inputTime(m?.openedAt ?? s.startsAt, s.timeZone)),
    closing: field('closing', inputTime(m?.closedAt, s.timeZone)),
    president: field('president', indexOf(m?.president ?? defaults.president)),
    secretary: field('secretary', indexOf(m?.secretary ?? defaults.secretary)),
    // On the decisions' card the attendance is known: the officers are chosen among those present.
    people: s.memberKeys
      .map((key, n) => ({ key, title: cardText(nameOf(key)), value: String(n) }))
      .filter((p) => mode !== 'decisions' || sitsWith(choiceOf(p.key)))
      .map(({ title, value }) => ({ title, value })),
    // Folded sections open by themselves after a refusal, or when they hold something.
    showSeance: !!error || !!m?.closedAt || !!typed.closing,
    showMoves: !!error || moveRows(s, typed, nameOf).some((r) => r.who || r.arrival || r.departure),
    presence: mode !== 'decisions',
    decisions: mode !== 'presence',
    showNext: mode === 'presence',
    showBack: mode === 'decisions',
    members: s.memberKeys.map((key, n) => ({
      id: `att_${n}`,
      name: `${n + 1}. ${cardText(nameOf(key))}`,
      value: field(`att_${n}`, answered(key)),
    })),
    // A few rows for late arrivals and early departures (not two times per member: 60 members
    // would not fit a card), the recorded ones first, always one or more blank.
    moves: moveRows(s, typed, nameOf).map((row, k) => ({
      whoId: `mvwho_${k}`,
      arrId: `mvarr_${k}`,
      depId: `mvdep_${k}`,
      who: cardText(row.who),
      arrival: row.arrival,
      departure: row.departure,
    })),
    items: s.agenda.map((item, n) => {
      const d = m?.decisions[n];
      return {
        id: `dec_${n}`,
        title: `${n + 1}. ${cardText(item.title)}`,
        value: field(`dec_${n}`, d?.decision ?? ''),
        voteBoxId: `votebox_${n}`,
        voteTitle: 'Vote (nombres ou nominatif)',
        voteOpen: !!error || field(`vote_${n}`, d?.vote?.kind ?? 'none') !== 'none',
        voteId: `vote_${n}`,
        vote: field(`vote_${n}`, d?.vote?.kind ?? 'none'),
        pourId: `pour_${n}`,
        pour: field(`pour_${n}`, count(n, 'pour')),
        contreId: `contre_${n}`,
        contre: field(`contre_${n}`, count(n, 'contre')),
        abstId: `abst_${n}`,
        abst: field(`abst_${n}`, count(n, 'abstention')),
        nppvId: `nppv_${n}`,
        nppv: field(`nppv_${n}`, count(n, 'nppv')),
        castingId: `cast_${n}`,
        casting: field(`cast_${n}`, d?.vote?.kind === 'counts' ? (d.vote.casting ?? '') : ''),
        againstId: `vcontre_${n}`,
        against: cardText(field(`vcontre_${n}`, namesIn(n, 'contre'))),
        abstainId: `vabst_${n}`,
        abstain: cardText(field(`vabst_${n}`, namesIn(n, 'abstention'))),
        absentId: `vnppv_${n}`,
        apart: cardText(field(`vnppv_${n}`, namesIn(n, 'nppv'))),
      };
    }),
    error: error ? cardText(error) : '',
  });
  return mode === 'whole' ? card : carrying(card, typed);
}

/** The card's buttons carry what was typed on the other card (what this one does not ask). */
function carrying(card: CardJson, typed: Record<string, string | undefined>): CardJson {
  const asked = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') asked.add(o.id);
    Object.values(o).forEach(walk);
  };
  walk(card.body);
  const carried = Object.fromEntries(
    Object.entries(typed).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && !asked.has(e[0]) && !['sittingId', 'to'].includes(e[0]),
    ),
  );
  const actions = (card.actions as Array<Record<string, unknown>>).map((a) =>
    a.verb === 'card.back' ? a : { ...a, data: { ...carried, ...(a.data as Record<string, unknown>) } },
  );
  return { ...card, actions };
}

/** The relevé as posted to the channel. */
export function minutesCard(s: Sitting, people: Person[], documents: OpenUrl[] = []): CardJson {
  const m = s.minutes!;
  const byKey = personByKey(people);
  const nameOf = (k: string | null) => cardText(byKey(k)?.displayName ?? 'un membre');
  const group = (choice: AttendanceChoice) =>
    m.attendance
      .filter((a) => a.choice === choice)
      .map((a) =>
        choice === 'pouvoir' ? `${nameOf(a.personKey)} (pouvoir à ${nameOf(a.proxyHolderKey)})` : nameOf(a.personKey),
      )
      .join(', ');
  const substituted = substitutesLine(m.attendance, (k) => byKey(k)?.displayName ?? 'un membre');
  const card = renderCard('meeting.minutes', {
    instanceName: cardText(s.instanceName),
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    quorum:
      m.required === 0
        ? 'Pas de quorum requis'
        : `Quorum ${m.quorumReached ? 'atteint' : 'non atteint'} : ${m.counted}/${m.required}`,
    quorumColor: m.quorumReached ? 'Good' : 'Attention',
    attendance: ATTENDANCE_CHOICES.map((c) => ({
      title: CHOICE_LABELS[c],
      value: c === 'suppleant' ? substituted : group(c),
    })).filter((f) => f.value),
    decisions: m.decisions.map((d, n) => ({
      title: `${n + 1}. ${cardText(d.item)}`,
      value: cardText(
        d.vote && d.vote.kind !== 'none' && d.result
          ? `${d.decision} — ${RESULT_LABELS[d.result]} (${countsText(d.vote)})`
          : d.decision,
      ),
    })),
    recorded: `Établi le ${frenchDateTime(new Date(m.recordedAt), s.timeZone)} par ${nameOf(m.recordedBy)}.`,
  });
  return documents.length ? { ...card, actions: documents } : card;
}

const minutesData = sittingIdData.catchall(limitedText(2_000, 'Décision'));
type MinutesData = z.infer<typeof minutesData>;

async function record(turn: Turn, typed: MinutesData): Promise<CardJson> {
  const outcome = await recordMinutesFromForm(turn.deps, turn.actor, {
    sittingId: typed.sittingId,
    fields: typed,
    serviceUrl: turn.serviceUrl,
  });
  if (!outcome.ok) return minutesFormCard(outcome.form, typed, outcome.error, outcome.part);
  const card = messageCard({
    title: 'Relevé de décisions enregistré',
    text: `${
      outcome.channelName !== null
        ? `Il est publié dans le canal ${cardText(outcome.channelName)}.`
        : `L’instance n’a pas de canal lié : il est envoyé à ses ${outcome.sitting.memberKeys.length} membres.`
    } Pour le corriger, ouvrez la prévision du quorum (ce bouton, ou « mes séances ») : « Relevé de décisions ».`,
    tone: 'good',
  });
  const open = { type: 'Action.Execute', title: 'Prévision du quorum', verb: 'meeting.forecast' };
  // The relevé's own documents (a sitting also keeps its convocation's).
  const kept = sittingDocuments(outcome.sitting);
  const documents = documentButtons(
    turn.deps,
    kept.filter((r) => r.kind === 'proces-verbal' || r.kind === 'emargement'),
  );
  return { ...card, actions: [...documents, { ...open, data: { sittingId: outcome.sitting.id } }] };
}

export function registerMeetingMinutes(verbs: VerbRouter): void {
  verbs.add(
    'meeting.minutes.open',
    sittingIdData,
    async (turn, d) => minutesFormCard(await minutesForm(turn.deps, turn.actor, d.sittingId)),
    toForecast,
  );
  // The second card of a large instance's form, and back to the first.
  verbs.add(
    'meeting.minutes.next',
    minutesData,
    async (turn, typed) =>
      minutesFormCard(
        await minutesForm(turn.deps, turn.actor, typed.sittingId),
        typed,
        '',
        typed.to === 'presence' ? 'presence' : 'decisions',
      ),
    toForecast,
  );
  verbs.add('meeting.minutes.record', minutesData, record, toForecast, {
    fields: (f) => /^dec_\d+$/.test(f),
    card: async (turn, typed, tooLong) =>
      minutesFormCard(
        await minutesForm(turn.deps, turn.actor, typed.sittingId ?? ''),
        typed,
        Object.entries(tooLong)
          .map(([f, message]) => `Point ${Number(f.slice(4)) + 1}, ${message}`)
          .join(' '),
        'decisions',
      ),
  });
}
