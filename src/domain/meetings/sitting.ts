import { DocumentRef } from '../documents';
import { count } from '../french-text';
import { ErrorCode } from '../error-codes';
import { InstanceRules } from '../rules';
import { Minutes } from './minutes';
import { checkNotice } from './notice-period';
import {
  LocalDate,
  addDays,
  daysBetween,
  frenchDate,
  frenchDateTime,
  localDateOf,
  parseLocalDate,
  zonedInstant,
} from './zoned-time';

/** A sitting (séance) of an instance, as convened. */
export type SittingMode = 'presentiel' | 'distanciel' | 'mixte';

export const MODE_LABELS: Record<SittingMode, string> = {
  presentiel: 'Présentiel',
  distanciel: 'Distanciel',
  mixte: 'Mixte (sur place et à distance)',
};

export interface AgendaItem {
  title: string;
  rapporteur: string;
  links: string[];
  /**
   * The documents added once the sitting was convened (iDélibre's practice): each link with the
   * instant it was added, so the convocation, the cards and the e-mail can say « ajouté le … ».
   * Absent on the links sent with the first convocation (and on sittings stored before).
   */
  added?: Array<{ link: string; at: string }>;
}

/** When `link` of `item` was added after the convocation, or null (sent with it). */
export const linkAddedAt = (item: AgendaItem, link: string): string | null =>
  item.added?.find((a) => a.link === link)?.at ?? null;

/**
 * The new agenda with the time each document was added: a link the sitting did not have before
 * (under any item) is added now; one it had keeps the time it was added, if any.
 */
function withAddedLinks(before: AgendaItem[], after: AgendaItem[], now: Date): AgendaItem[] {
  const known = new Map<string, string | null>();
  for (const item of before) for (const link of item.links) known.set(link, linkAddedAt(item, link));
  return after.map((item) => {
    const added = item.links.flatMap((link) => {
      const at = known.has(link) ? known.get(link) : now.toISOString();
      return at ? [{ link, at }] : [];
    });
    const { added: _drop, ...rest } = item;
    return added.length ? { ...rest, added } : rest;
  });
}

/** The documents `after` has that `before` had not: « point 2 : budget.pdf ». */
function addedDocuments(before: AgendaItem[], after: AgendaItem[]): Array<{ item: number; link: string }> {
  const known = new Set(before.flatMap((i) => i.links));
  return after.flatMap((item, n) => item.links.filter((l) => !known.has(l)).map((link) => ({ item: n + 1, link })));
}

/** The file name of a link, for the history (« budget 2027.pdf »), else its host. */
function linkName(link: string): string {
  try {
    const url = new URL(link);
    // The bot's own document links name `<owner>|<document>[|<file name>]`: the file is the last.
    const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '')
      .split('|')
      .at(-1)!;
    return last.length >= 3 ? last.slice(0, 80) : url.hostname;
  } catch {
    return link.slice(0, 80);
  }
}

const plain = (items: AgendaItem[]) => items.map((i) => ({ title: i.title, rapporteur: i.rapporteur, links: i.links }));

export interface SittingDraft {
  date: string;
  time: string;
  timeZone: string;
  mode: SittingMode;
  place: string;
  onlineLink: string;
  agenda: AgendaItem[];
  note: string;
  remoteAllowed: boolean;
  proxiesAllowed: boolean;
  urgency: boolean;
  urgencyReason: string;
}

export interface ValidSitting extends Omit<SittingDraft, 'urgency' | 'urgencyReason' | 'date' | 'time'> {
  startsAt: Date;
  urgencyReason: string | null;
  joursFrancs: number;
}

/** Field → French message, for the form to show next to what the organiser typed. */
export type DraftErrors = Partial<
  Record<'date' | 'time' | 'place' | 'onlineLink' | 'agenda' | 'urgency' | 'remoteAllowed' | 'proxiesAllowed', string>
>;

const isHttpsUrl = (s: string) => {
  try {
    return new URL(s).protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * Checks a sitting before it is convened: a real future date, a place and/or a link as the
 * mode needs, an agenda, the instance's notice in jours francs (or an urgency with its reason,
 * never under the urgency notice), and only what the instance's rules allow.
 */
export function validateSitting(
  draft: SittingDraft,
  rules: InstanceRules,
  now: Date,
  options: {
    checkNotice: boolean;
    /**
     * Links accepted as they are: those the sitting already has (accepted once) and the bot's
     * own signed documents (a bilan attached), whatever their scheme (http on loopback, locally).
     */
    trustedLinks?: string[];
  } = { checkNotice: true },
): { ok: true; sitting: ValidSitting } | { ok: false; errors: DraftErrors } {
  const trusted = new Set(options.trustedLinks ?? []);
  const errors: DraftErrors = {};
  const date = parseLocalDate(draft.date);
  const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(draft.time);
  let startsAt: Date | null = null;
  if (!date) errors.date = 'Indiquez une date valide (jour, mois, année).';
  if (!time) errors.time = 'Indiquez une heure valide, par exemple 09:30.';
  if (date && time) {
    startsAt = zonedInstant(date, Number(time[1]), Number(time[2]), draft.timeZone);
    if (!startsAt)
      errors.time = 'Cette heure n’existe pas ce jour-là (passage à l’heure d’été) : choisissez-en une autre.';
    else if (startsAt.getTime() <= now.getTime()) errors.date = 'Cette date est passée : choisissez une date à venir.';
  }
  if (draft.mode !== 'distanciel' && !draft.place.trim()) errors.place = 'Indiquez le lieu de la séance.';
  if (draft.mode !== 'presentiel' && !isHttpsUrl(draft.onlineLink.trim())) {
    errors.onlineLink = 'Indiquez le lien de la réunion en ligne (adresse commençant par https://).';
  } else if (draft.onlineLink.trim() && !isHttpsUrl(draft.onlineLink.trim())) {
    errors.onlineLink = 'Le lien de la réunion doit commencer par https://.';
  }
  const agenda = draft.agenda.filter((i) => i.title.trim());
  if (agenda.length === 0) errors.agenda = 'Ajoutez au moins un point à l’ordre du jour.';
  const badLink = agenda.flatMap((i) => i.links).find((l) => !trusted.has(l) && !isHttpsUrl(l));
  if (badLink) errors.agenda = `Le lien « ${badLink.slice(0, 80)} » n’est pas une adresse https:// valide.`;
  if (draft.remoteAllowed && !rules.remoteAllowed && draft.mode === 'presentiel') {
    errors.remoteAllowed =
      'Le règlement de cette instance ne prévoit pas de participation à distance en séance présentielle.';
  }
  if (draft.proxiesAllowed && !rules.proxies.allowed)
    errors.proxiesAllowed = 'Le règlement de cette instance n’admet pas les pouvoirs.';

  let joursFrancs = 0;
  if (startsAt && !errors.date && options.checkNotice) {
    const notice = checkNotice(now, startsAt, rules.noticeDays, draft.timeZone);
    joursFrancs = notice.joursFrancs;
    if (!notice.ok && !draft.urgency) errors.urgency = notice.message!;
    if (!notice.ok && draft.urgency) {
      const urgent = checkNotice(now, startsAt, rules.urgencyNoticeDays, draft.timeZone);
      if (!draft.urgencyReason.trim())
        errors.urgency = 'Donnez la raison de l’urgence : elle figurera sur la convocation.';
      else if (!urgent.ok) {
        errors.urgency = `Même en urgence, il faut ${count(rules.urgencyNoticeDays, 'jour franc', 'jours francs')} : la séance ne peut pas avoir lieu avant le ${frenchDate(nextPossibleDay(now, rules.urgencyNoticeDays, draft.timeZone))}.`;
      }
    }
  }
  if (Object.keys(errors).length > 0 || !startsAt) return { ok: false, errors };
  const { urgency, urgencyReason, date: _d, time: _t, ...rest } = draft;
  return {
    ok: true,
    sitting: {
      ...rest,
      place: draft.mode === 'distanciel' ? '' : draft.place.trim(),
      onlineLink: draft.onlineLink.trim(),
      agenda: agenda.map((i) => ({ title: i.title.trim(), rapporteur: i.rapporteur.trim(), links: i.links })),
      note: draft.note.trim(),
      startsAt,
      urgencyReason: urgency && urgencyReason.trim() ? urgencyReason.trim() : null,
      joursFrancs,
    },
  };
}

/**
 * The notice (jours francs) a convened sitting required: the urgency notice when it was convened
 * in urgency, else the ordinary one; the notice it was given when its instance's rules are gone.
 */
export const requiredNoticeDays = (
  s: Pick<Sitting, 'urgencyReason' | 'joursFrancs'>,
  rules: Pick<InstanceRules, 'noticeDays' | 'urgencyNoticeDays'> | null | undefined,
): number => (rules ? (s.urgencyReason ? rules.urgencyNoticeDays : rules.noticeDays) : s.joursFrancs);

/** The first day a sitting could be held if convened now with that notice. */
const nextPossibleDay = (now: Date, noticeDays: number, timeZone: string) =>
  addDays(localDateOf(now, timeZone), noticeDays + 1);

/**
 * Said before the form is sent, when the day asked (a sentence's « demain ») is too close for the
 * instance's notice: what the form would refuse, and the first day it allows. Null when it is not.
 */
export function tooCloseForNotice(
  day: LocalDate,
  now: Date,
  rules: Pick<InstanceRules, 'noticeDays'>,
  timeZone: string,
): string | null {
  const first = nextPossibleDay(now, rules.noticeDays, timeZone);
  if (daysBetween(first, day) >= 0) return null;
  return `Attention : le ${frenchDate(day)} est trop proche, cette instance se convoque ${count(rules.noticeDays, 'jour franc', 'jours francs')} à l’avance, soit au plus tôt le ${frenchDate(first)} (sauf urgence motivée).`;
}

/** A convened sitting, as stored: members frozen at convocation, history kept. */
export type SittingStatus = 'convoquee' | 'modifiee' | 'annulee' | 'tenue';

export interface Sitting extends Pick<
  SittingDraft,
  'timeZone' | 'mode' | 'place' | 'onlineLink' | 'agenda' | 'note' | 'remoteAllowed' | 'proxiesAllowed'
> {
  id: string;
  centraleId: string;
  instanceId: string;
  instanceName: string;
  startsAt: string;
  maxProxiesPerHolder: number;
  /** How many consecutive sittings one proxy may cover (the instance's rule; CGCT L2121-20: 3). */
  maxProxySittings: number;
  quorum: InstanceRules['quorum'];
  urgencyReason: string | null;
  joursFrancs: number;
  memberKeys: string[];
  organiserKey: string;
  status: SittingStatus;
  /** Bumped at each change: the calendar file's SEQUENCE, the notices' ids. */
  version: number;
  /** `draftId`: the form a modification came from (the same form sent twice is one change). */
  history: Array<{
    at: string;
    by: string;
    action: SittingEvent;
    summary: string;
    draftId?: string;
    /** On a `document` line: which document, so its card shows it without reading the store. */
    document?: DocumentRef;
  }>;
  convokedAt: string;
  /** Recorded after the sitting: actual attendance and the relevé de décisions. */
  minutes?: Minutes;
  /** A second convocation after a missed quorum: the first sitting's id (CGCT L2121-17). */
  secondOf?: string | null;
}

/** `document`: a document of record generated (its SHA-256 in the summary). */
export type SittingEvent = 'convocation' | 'modification' | 'annulation' | 'releve' | 'document';

/**
 * The sitting's last change (convocation, modification, cancellation, relevé), the journal's
 * lines about the documents generated after it left aside: what a card or an e-mail tells.
 */
export const lastChange = (s: Pick<Sitting, 'history'>): Sitting['history'][number] | undefined =>
  [...s.history].reverse().find((h) => h.action !== 'document');

export function newSitting(
  input: {
    id: string;
    centraleId: string;
    instanceId: string;
    instanceName: string;
    memberKeys: string[];
    organiserKey: string;
    secondOf?: string | null;
  },
  valid: ValidSitting,
  rules: InstanceRules,
  now: Date,
): Sitting {
  return {
    id: input.id,
    centraleId: input.centraleId,
    instanceId: input.instanceId,
    instanceName: input.instanceName,
    startsAt: valid.startsAt.toISOString(),
    timeZone: valid.timeZone,
    mode: valid.mode,
    place: valid.place,
    onlineLink: valid.onlineLink,
    agenda: valid.agenda,
    note: valid.note,
    remoteAllowed: valid.remoteAllowed || valid.mode !== 'presentiel',
    proxiesAllowed: valid.proxiesAllowed,
    maxProxiesPerHolder: Math.max(1, rules.proxies.maxPerHolder),
    maxProxySittings: Math.max(1, rules.proxies.maxConsecutiveSittings),
    // A second convocation deliberates whatever the attendance (CGCT L2121-17).
    quorum: input.secondOf ? { kind: 'aucun' } : rules.quorum,
    secondOf: input.secondOf ?? null,
    urgencyReason: valid.urgencyReason,
    joursFrancs: valid.joursFrancs,
    memberKeys: [...input.memberKeys],
    organiserKey: input.organiserKey,
    status: 'convoquee',
    version: 1,
    history: [
      {
        at: now.toISOString(),
        by: input.organiserKey,
        action: 'convocation',
        summary: input.secondOf
          ? `Deuxième convocation, sans condition de quorum (${valid.joursFrancs} jours francs)`
          : valid.urgencyReason
            ? `Convocation en urgence : ${valid.urgencyReason}`
            : `Convocation (${valid.joursFrancs} jours francs)`,
      },
    ],
    convokedAt: now.toISOString(),
  };
}

/** The convocation fields of a stored sitting, as the form edits them. */
export function draftOf(s: Sitting): SittingDraft {
  const local = localDateOf(new Date(s.startsAt), s.timeZone);
  const time = new Intl.DateTimeFormat('fr-FR', {
    timeZone: s.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(s.startsAt));
  return {
    date: `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`,
    time,
    timeZone: s.timeZone,
    mode: s.mode,
    place: s.place,
    onlineLink: s.onlineLink,
    agenda: s.agenda,
    note: s.note,
    remoteAllowed: s.remoteAllowed,
    proxiesAllowed: s.proxiesAllowed,
    urgency: !!s.urgencyReason,
    urgencyReason: s.urgencyReason ?? '',
  };
}

/** Why a sitting can no longer be changed (cancelled, or begun), or null when it can. */
export function revisionBlocker(
  s: Pick<Sitting, 'status' | 'startsAt'>,
  now: Date,
): { code: ErrorCode; message: string } | null {
  if (s.status === 'annulee')
    return { code: ErrorCode.SittingCancelled, message: 'Cette séance est annulée : elle ne peut plus être modifiée.' };
  if (Date.parse(s.startsAt) <= now.getTime())
    return {
      code: ErrorCode.AlreadyStarted,
      message: 'La séance a commencé : elle ne peut plus être modifiée. Établissez plutôt son relevé de décisions.',
    };
  return null;
}

/**
 * What an organiser may do with a sitting now, so that a card offers only these buttons:
 * change or cancel it before it begins (not once cancelled), record its relevé once it has begun.
 */
export interface SittingActions {
  revise: boolean;
  cancel: boolean;
  minutes: boolean;
}

export function sittingActions(s: Pick<Sitting, 'status' | 'startsAt'>, now: Date): SittingActions {
  const open = revisionBlocker(s, now) === null;
  return {
    revise: open,
    cancel: open,
    minutes: s.status !== 'annulee' && Date.parse(s.startsAt) <= now.getTime(),
  };
}

export type RevisionResult =
  | { ok: false; errors: DraftErrors }
  /** `replay`: the form of the last modification sent again (a double click): nothing changes. */
  | { ok: true; sitting: Sitting; changes: string[]; answersReset: boolean; replay?: true };

/**
 * A change to a convened sitting, before it starts. A new date or new agenda items need the
 * notice again (or an urgency); a new place, link or note does not. A new date clears the
 * answers (members answer for the new date); the change is kept in the history.
 */
export function reviseSitting(
  s: Sitting,
  draft: SittingDraft,
  rules: InstanceRules,
  by: string,
  now: Date,
  /** The form's id: sent again once applied, it is the same change, not « nothing changed ». */
  draftId?: string,
  /** The bot's own document links added by this change (see `validateSitting`). */
  ownLinks: string[] = [],
): RevisionResult {
  const blocked = revisionBlocker(s, now);
  if (blocked) return { ok: false, errors: { date: blocked.message } };
  const trustedLinks = [...s.agenda.flatMap((i) => i.links), ...ownLinks];
  const shape = validateSitting(draft, rules, now, { checkNotice: false, trustedLinks });
  if (!shape.ok) return shape;
  const newDate = shape.sitting.startsAt.toISOString() !== s.startsAt;
  const before = s.agenda.map((i) => i.title);
  const addedItems = shape.sitting.agenda.some((i) => !before.includes(i.title));
  // The notice matters again only when what it is about changed: the date, or new items.
  if (!newDate && !addedItems)
    return applyRevision(
      s,
      { ...shape.sitting, urgencyReason: s.urgencyReason, joursFrancs: s.joursFrancs },
      false,
      by,
      now,
      draftId,
    );
  const checked = validateSitting(draft, rules, now, { checkNotice: true, trustedLinks });
  if (!checked.ok) return checked;
  return applyRevision(s, checked.sitting, newDate, by, now, draftId);
}

function applyRevision(
  s: Sitting,
  v: ValidSitting,
  newDate: boolean,
  by: string,
  now: Date,
  draftId?: string,
): RevisionResult {
  const changes: string[] = [];
  if (newDate)
    changes.push(
      `date : ${frenchDateTime(new Date(s.startsAt), s.timeZone)} → ${frenchDateTime(v.startsAt, s.timeZone)}`,
    );
  if (v.mode !== s.mode) changes.push(`modalité : ${MODE_LABELS[s.mode]} → ${MODE_LABELS[v.mode]}`);
  if (v.place !== s.place) changes.push(`lieu : ${v.place || '—'}`);
  if (v.onlineLink !== s.onlineLink) changes.push('lien de réunion');
  const documents = addedDocuments(s.agenda, v.agenda);
  // Documents added and nothing else: the history says which, not « ordre du jour » as well.
  const newLinks = new Set(documents.map((d) => d.link));
  const withoutNew = v.agenda.map((i) => ({ ...i, links: i.links.filter((l) => !newLinks.has(l)) }));
  if (JSON.stringify(plain(withoutNew)) !== JSON.stringify(plain(s.agenda))) changes.push('ordre du jour');
  if (documents.length)
    changes.push(
      `${documents.length > 1 ? 'documents ajoutés' : 'document ajouté'} : ${documents.map((d) => `${linkName(d.link)} (point ${d.item})`).join(', ')}`,
    );
  if (v.note !== s.note) changes.push('note');
  if (v.remoteAllowed !== s.remoteAllowed || v.proxiesAllowed !== s.proxiesAllowed)
    changes.push('participation à distance / pouvoirs');
  if (changes.length === 0) {
    const last = lastChange(s);
    if (draftId && last?.action === 'modification' && last.draftId === draftId)
      return { ok: true, sitting: s, changes: [], answersReset: false, replay: true };
    return { ok: false, errors: { date: 'Rien n’a changé : modifiez au moins un champ.' } };
  }
  const summary = `Modification — ${changes.join(' ; ')}${newDate ? ' (réponses à redonner)' : ''}`;
  return {
    ok: true,
    changes,
    answersReset: newDate,
    sitting: {
      ...s,
      startsAt: v.startsAt.toISOString(),
      mode: v.mode,
      place: v.place,
      onlineLink: v.onlineLink,
      agenda: withAddedLinks(s.agenda, v.agenda, now),
      note: v.note,
      remoteAllowed: v.remoteAllowed || v.mode !== 'presentiel',
      proxiesAllowed: v.proxiesAllowed,
      urgencyReason: v.urgencyReason,
      joursFrancs: v.joursFrancs,
      status: 'modifiee',
      version: s.version + 1,
      history: [
        ...s.history,
        { at: now.toISOString(), by, action: 'modification', summary, ...(draftId ? { draftId } : {}) },
      ],
    },
  };
}

/** CGCT L2121-17: the second convocation comes at least three days after the sitting without quorum. */
export const SECOND_CONVOCATION_INTERVAL_DAYS = 3;

/** The quorum was required and missed at a sitting held: it may be convened again, without quorum. */
export const mayReconvene = (s: Sitting): boolean =>
  s.status === 'tenue' && !!s.minutes && s.minutes.required > 0 && !s.minutes.quorumReached;

/** The first day the second convocation may meet. */
export const earliestSecondSitting = (first: Sitting): LocalDate =>
  addDays(localDateOf(new Date(first.startsAt), first.timeZone), SECOND_CONVOCATION_INTERVAL_DAYS);

/**
 * Checks a second convocation against the first sitting (CGCT L2121-17): the quorum was missed
 * there, the new sitting is at least three days later, on the same agenda. Returns the errors.
 */
export function checkSecondConvocation(first: Sitting, valid: ValidSitting): DraftErrors {
  const errors: DraftErrors = {};
  if (!mayReconvene(first)) {
    errors.date =
      'Une deuxième convocation sans quorum suit une séance tenue dont le relevé constate que le quorum n’était pas atteint.';
    return errors;
  }
  const earliest = earliestSecondSitting(first);
  if (daysBetween(earliest, localDateOf(valid.startsAt, first.timeZone)) < 0)
    errors.date = `La deuxième convocation se réunit trois jours au moins après la première séance : le ${frenchDate(earliest)} au plus tôt.`;
  const titles = (items: Array<{ title: string }>) => items.map((i) => i.title.trim().toLowerCase()).join('\n');
  if (titles(valid.agenda) !== titles(first.agenda))
    errors.agenda = `Une deuxième convocation reprend l’ordre du jour de la première séance : ${first.agenda.map((i) => i.title).join(' ; ')}.`;
  return errors;
}
