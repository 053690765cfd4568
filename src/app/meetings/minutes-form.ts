import { ErrorCode } from '../../domain/error-codes';
import { DomainError, isDomainError } from '../../domain/errors';
import { Person, personByKey } from '../../domain/governance';
import { Answer, AttendanceChoice, isAttendanceChoice } from '../../domain/meetings/attendance';
import { MinutesInput, assertMinutesOpen } from '../../domain/meetings/minutes';
import { VoteInput } from '../../domain/meetings/minutes-votes';
import { Sitting } from '../../domain/meetings/sitting';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { assertOrganiser, sittingOfCentrale } from './organised-sitting';
import { MeetingPresenters } from './ports';
import { recordSittingMinutes } from './record-sitting-minutes';

/** What the relevé form shows: one line per member (with their answer), one decision per item. */
export interface MinutesFormData {
  sitting: Sitting;
  people: Person[];
  answers: Answer[];
}

const isChoice = isAttendanceChoice;

/** Organisers only, once the sitting has begun (and never for a cancelled one). */
async function formOf(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  person: Person,
  sitting: Sitting,
): Promise<MinutesFormData> {
  await assertOrganiser(deps, person, sitting);
  assertMinutesOpen(sitting, deps.clock.now());
  const people = await deps.governance.listPeople(sitting.centraleId);
  return { sitting, people, answers: await deps.meetings.answersOf(sitting.id) };
}

/** « Relevé de décisions »: the form's data. */
export async function minutesForm(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'clock'>,
  actor: Actor,
  sittingId: string,
): Promise<MinutesFormData> {
  const person = requirePerson(actor);
  return formOf(deps, person, await sittingOfCentrale(deps, person, sittingId));
}

/** `part`: the part of the form the error is about (attendance, or the rest). */
export type MinutesOutcome =
  | { ok: true; sitting: Sitting; channelName: string | null }
  | { ok: false; error: string; part: 'presence' | 'decisions'; form: MinutesFormData };

const PRESENCE_ERRORS: ErrorCode[] = [ErrorCode.PresenceInvalid, ErrorCode.NoProxyGiven, ErrorCode.ProxyHolderAbsent];

/** The form's fields (`att_<n>`, `dec_<n>`… by position: member n, agenda item n). */
export type MinutesFields = Record<string, string | undefined>;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * The relevé as the form sends it. A mistake the organiser can fix comes back with the form (and
 * what they typed: the card keeps it); not finding the sitting or not being its organiser stays
 * a refusal.
 */
export async function recordMinutesFromForm(
  deps: Pick<AppDeps, 'governance' | 'meetings' | 'outbox' | 'clock' | 'wake' | 'documents' | 'documentRenderer'> &
    MeetingPresenters,
  actor: Actor,
  input: { sittingId: string; fields: MinutesFields; serviceUrl: string | null },
): Promise<MinutesOutcome> {
  const person = requirePerson(actor);
  const s = await sittingOfCentrale(deps, person, input.sittingId);
  const f = (name: string) => input.fields[name]?.trim() ?? '';
  try {
    const people = await deps.governance.listPeople(s.centraleId);
    const byKey = personByKey(people);
    const nameOf = (k: string) => byKey(k)?.displayName ?? 'Un membre';
    const attendance: Record<string, AttendanceChoice> = {};
    const movements: Record<string, { arrival?: string; departure?: string }> = {};
    for (const [n, key] of s.memberKeys.entries()) {
      const value = f(`att_${n}`) || 'absent';
      if (!isChoice(value))
        throw new DomainError(ErrorCode.PresenceInvalid, 'Présence inconnue : choisissez dans la liste.');
      attendance[key] = value;
    }
    const member = (field: string, role: string) => {
      const v = f(field);
      if (!v) return null;
      const key = /^\d+$/.test(v) ? s.memberKeys[Number(v)] : undefined;
      if (!key) throw new DomainError(ErrorCode.MinutesInvalid, `Choisissez le ${role} dans la liste.`);
      return key;
    };
    // « tous pour sauf »: names as the list spells them (accents and case aside), or their number.
    const memberNamed = (token: string, where: string, code = ErrorCode.MinutesInvalid) => {
      const numbered = /^(?:n°\s*)?(\d+)$/i.exec(token);
      const found = numbered
        ? s.memberKeys[Number(numbered[1]) - 1]
        : s.memberKeys.find((k) => fold(nameOf(k)) === fold(token));
      if (!found) {
        throw new DomainError(
          code,
          `${where} : « ${token.slice(0, 80)} » ne désigne aucun membre. Écrivez son nom comme dans la liste de présence, ou son numéro.`,
        );
      }
      return found;
    };
    const named = (field: string, n: number, what: string) =>
      f(field)
        .split(/[,;\n]+/)
        .map((t) => t.trim())
        .filter(Boolean)
        .map((token) => memberNamed(token, `Vote nominatif du point ${n + 1}, ${what}`, ErrorCode.VoteInvalid));
    // Late arrivals and early departures, one row each: the member by name or number.
    for (let k = 0; k < 100; k++) {
      const who = f(`mvwho_${k}`);
      const arrival = f(`mvarr_${k}`);
      const departure = f(`mvdep_${k}`);
      if (!who && !arrival && !departure) continue;
      if (!who) {
        throw new DomainError(
          ErrorCode.PresenceInvalid,
          `Arrivées et départs, ligne ${k + 1} : indiquez le membre (son nom ou son numéro dans la liste de présence).`,
        );
      }
      const key = memberNamed(who, `Arrivées et départs, ligne ${k + 1}`, ErrorCode.PresenceInvalid);
      if (movements[key])
        throw new DomainError(
          ErrorCode.PresenceInvalid,
          `${nameOf(key)} figure sur deux lignes d’arrivée ou de départ : gardez-en une.`,
        );
      movements[key] = { arrival, departure };
    }
    const number = (field: string, n: number) => {
      const v = f(field);
      if (!v) return 0;
      if (!/^\d{1,4}$/.test(v))
        throw new DomainError(
          ErrorCode.VoteInvalid,
          `Vote du point ${n + 1} : « ${v.slice(0, 20)} » n’est pas un nombre de voix.`,
        );
      return Number(v);
    };
    const votes: VoteInput[] = s.agenda.map((_, n) => {
      const kind = f(`vote_${n}`) || 'none';
      if (kind === 'counts') {
        const casting = f(`cast_${n}`);
        return {
          kind,
          pour: number(`pour_${n}`, n),
          contre: number(`contre_${n}`, n),
          abstention: number(`abst_${n}`, n),
          nppv: number(`nppv_${n}`, n),
          casting: casting === 'pour' || casting === 'contre' ? casting : null,
        };
      }
      if (kind === 'named') {
        return {
          kind,
          contre: named(`vcontre_${n}`, n, 'contre'),
          abstention: named(`vabst_${n}`, n, 'abstention'),
          nppv: named(`vnppv_${n}`, n, 'ne prend pas part'),
        };
      }
      return { kind: 'none' };
    });
    const minutes: MinutesInput = {
      attendance,
      decisions: s.agenda.map((_, n) => input.fields[`dec_${n}`] ?? ''),
      president: member('president', 'président de séance'),
      secretary: member('secretary', 'secrétaire de séance'),
      opening: f('opening'),
      closing: f('closing'),
      movements,
      votes,
    };
    return {
      ok: true,
      ...(await recordSittingMinutes(deps, actor, { sittingId: s.id, minutes, serviceUrl: input.serviceUrl })),
    };
  } catch (e) {
    if (isDomainError(e) && ![ErrorCode.UnknownSitting, ErrorCode.Forbidden].includes(e.code))
      return {
        ok: false,
        error: e.userMessage,
        part: PRESENCE_ERRORS.includes(e.code) ? 'presence' : 'decisions',
        form: await formOf(deps, person, s),
      };
    throw e;
  }
}
