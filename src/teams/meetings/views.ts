import { ConvocationView } from '../../app/meetings/convocation-view';
import { ChannelForecast, SittingForecast } from '../../app/meetings/sitting-forecast';
import { Answer, CHOICE_LABELS, proxySpanChoices } from '../../domain/meetings/attendance';
import { AgendaItem, MODE_LABELS, Sitting, lastChange, linkAddedAt, mayReconvene } from '../../domain/meetings/sitting';
import { addedLine } from '../../app/meetings/convocation-document';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { Person, personByKey } from '../../domain/governance';
import { describeQuorum } from '../../domain/rules';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { longText } from '../long-text';
import { count, frenchList } from '../../domain/french-text';
import { deName } from '../../domain/french-format';
import { messageCard } from '../replies';
import { OpenUrl, joinMeetingButton, markdownLink, withLinkButtons } from '../doc-links';

const STATUS: Record<Sitting['status'], string> = {
  convoquee: '',
  modifiee: 'Séance modifiée',
  annulee: 'Séance annulée',
  tenue: 'Séance tenue',
};

function common(s: Sitting) {
  return {
    sittingId: s.id,
    instanceName: cardText(s.instanceName),
    status: STATUS[s.status],
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    mode: MODE_LABELS[s.mode],
    place: cardText([s.place, s.onlineLink ? 'en ligne' : ''].filter(Boolean).join(' · ') || '—'),
    proxies: s.proxiesAllowed
      ? `admis (${s.maxProxiesPerHolder} au plus par membre${s.maxProxySittings > 1 ? `, chacun valable ${s.maxProxySittings} séances consécutives au plus` : ''})`
      : 'non admis',
    urgency: [
      s.secondOf ? 'Deuxième convocation : la séance délibère sans condition de quorum (CGCT L2121-17).' : '',
      s.urgencyReason ? `Convocation en urgence : ${cardText(s.urgencyReason)}` : '',
    ]
      .filter(Boolean)
      .join(' '),
    agenda: s.agenda
      .map(
        (item, n) =>
          `${n + 1}. ${cardText(item.title)}${item.rapporteur ? ` — ${cardText(item.rapporteur)}` : ''}${item.links.length ? `\rDocuments : ${item.links.map((l) => documentLine(item, l, s.timeZone)).join(' · ')}` : ''}`,
      )
      .join('\r'),
    note: longText(s.note),
    remoteAllowed: s.remoteAllowed,
    proxiesAllowed: s.proxiesAllowed,
  };
}

/** An agenda document's link, with « (ajouté le 3 décembre 2026 à 10 h 12) » if it came after the convocation. */
const documentLine = (item: AgendaItem, link: string, timeZone: string) => {
  const at = linkAddedAt(item, link);
  return `${markdownLink(link)}${at ? ` (${addedLine(at, timeZone)})` : ''}`;
};

/** The buttons that open the sitting's kept documents, as the template lists them. */
const documentsData = (buttons: OpenUrl[] = []) => buttons.map((b) => ({ title: b.title, url: b.url }));

/**
 * « Rejoindre la réunion Teams », under the sitting's facts, while it may still be joined: not
 * once cancelled, nor once its relevé is recorded.
 */
export function withJoinButton(card: CardJson, s: Sitting): CardJson {
  const join = s.status === 'annulee' || s.status === 'tenue' ? null : joinMeetingButton(s.onlineLink);
  if (!join) return card;
  const body = (card.body as Array<{ type?: string }> | undefined) ?? [];
  const facts = body.findIndex((b) => b.type === 'FactSet');
  return withLinkButtons(card, [join], facts >= 0 ? facts + 1 : undefined);
}

const answerLabel = (a: Answer | undefined, nameOf: (k: string) => string) =>
  !a
    ? 'pas encore donnée'
    : a.choice === 'pouvoir'
      ? `${CHOICE_LABELS.pouvoir} à ${cardText(nameOf(a.proxyHolderKey ?? ''))}`
      : a.choice === 'suppleant' && a.substituteName
        ? `Remplacé·e par votre suppléant·e, ${cardText(a.substituteName)}`
        : CHOICE_LABELS[a.choice];

/** « Nadia Lefèvre (par Marc Petit) »: the members who named a suppléant·e, with whom. */
export const substitutesLine = (
  entries: Array<{ personKey: string; choice: string; substituteName?: string }>,
  nameOf: (k: string) => string,
) =>
  entries
    .filter((a) => a.choice === 'suppleant')
    .map((a) => `${cardText(nameOf(a.personKey))}${a.substituteName ? ` (par ${cardText(a.substituteName)})` : ''}`)
    .join(', ');

export interface PersonalOptions {
  error?: string;
  /** A headline above the facts: « Rappel… », « Séance annulée… ». */
  banner?: string;
  /** The calendar link (none on a cancellation). */
  icsUrl?: string;
  /** In a channel, a member's own view also shows everyone's counts. */
  withCounts?: boolean;
  /** What the member's proxy covers (« Pouvoir valable pour cette séance et les 2 suivantes… »). */
  proxyNote?: string;
  /** The buttons that open the sitting's kept documents (the convocation's PDF). */
  documents?: OpenUrl[];
}

function countsLine(s: Sitting, answers: Answer[]): string {
  const members = new Set(s.memberKeys);
  const n = (c: Answer['choice']) => answers.filter((a) => a.choice === c && members.has(a.personKey)).length;
  const silent = s.memberKeys.length - answers.filter((a) => members.has(a.personKey)).length;
  return `Réponses : ${count(n('present'), 'présent·e', 'présent·es')}, ${n('distance')} à distance, ${count(n('pouvoir'), 'pouvoir', 'pouvoirs')}, ${count(n('suppleant'), 'suppléé·e', 'suppléé·es')}, ${count(n('absent'), 'absent·e', 'absent·es')}, ${silent} sans réponse.`;
}

/**
 * Teams asks the bot for a fresh card when one of these users displays it (user-specific
 * view): they see their own answer, and the bot learns when they first saw the convocation.
 */
function refreshFor(s: Sitting, people: Person[], keys: string[]) {
  const byKey = personByKey(people);
  const userIds = keys.map((k) => byKey(k)?.teamsUserId).filter((id): id is string => !!id);
  if (userIds.length === 0 || userIds.length > 60 || s.status === 'annulee') return {};
  return { refresh: { action: { type: 'Action.Execute', verb: 'meeting.view', data: { sittingId: s.id } }, userIds } };
}

/** A member's own convocation card: their answer, the buttons, the proxy holders they may choose. */
export function personalConvocation(
  s: Sitting,
  people: Person[],
  answers: Answer[],
  memberKey: string,
  opts: PersonalOptions = {},
): CardJson {
  const byKey = personByKey(people);
  const nameOf = (k: string) => byKey(k)?.displayName ?? 'un membre';
  const base = common(s);
  const open = s.status !== 'annulee' && s.status !== 'tenue';
  const mine = answers.find((a) => a.personKey === memberKey);
  // The holder of a proxy reads it on their own card (« Vous portez le pouvoir d’Amina Haddad. »).
  const held = memberKey
    ? answers.filter((a) => a.choice === 'pouvoir' && a.proxyHolderKey === memberKey && a.personKey !== memberKey)
    : [];
  const givers = frenchList(held.map((a) => deName(nameOf(a.personKey))));
  const heldNote = !held.length
    ? ''
    : held.length > 1
      ? `Vous portez les pouvoirs ${givers}.`
      : `Vous portez le pouvoir ${givers}.`;
  const card = renderCard('meeting.convocation', {
    ...base,
    proxyNote: [opts.proxyNote ?? '', cardText(heldNote)].filter(Boolean).join(' '),
    proxySpans:
      s.proxiesAllowed && open && memberKey && s.maxProxySittings > 1 ? proxySpanChoices(s.maxProxySittings) : [],
    revocable: open && mine?.choice === 'pouvoir',
    status: opts.banner || base.status,
    convened: '',
    counts: opts.withCounts ? countsLine(s, answers) : '',
    answer: answerLabel(
      answers.find((a) => a.personKey === memberKey),
      nameOf,
    ),
    substituteAsked: open && !!memberKey,
    substituteName: cardText(mine?.substituteName ?? ''),
    holders:
      s.proxiesAllowed && open
        ? s.memberKeys.filter((k) => k !== memberKey).map((k) => ({ title: nameOf(k), value: k }))
        : [],
    error: opts.error ? cardText(opts.error) : '',
    // Nothing to add to a calendar once the sitting is cancelled (or held).
    icsUrl: open ? (opts.icsUrl ?? '') : '',
    documents: documentsData(opts.documents),
  });
  return withJoinButton(
    { ...card, ...(open ? refreshFor(s, people, [memberKey]) : {}), ...(open ? {} : { actions: closedActions(s) }) },
    s,
  );
}

/**
 * A cancelled or held sitting takes no answer: its card keeps one button, to the person's other
 * convocations, so that it is no dead end.
 */
const closedActions = (s: Sitting) =>
  s.status === 'annulee' || s.status === 'tenue'
    ? [{ type: 'Action.Execute', title: 'Mes convocations', verb: 'meeting.mine', data: {} }]
    : [];

/** A convocation card of an earlier version: the sitting was changed, the new convocation is sent apart. */
export function replacedConvocation(s: Sitting): CardJson {
  const card = messageCard({
    title: `Convocation remplacée — ${cardText(s.instanceName)}`,
    text: `Cette séance a été modifiée (${cardText(lastChange(s)?.summary ?? 'modification')}). La convocation à jour, pour le ${frenchDateTime(new Date(s.startsAt), s.timeZone)}, est envoyée à part : répondez sur celle-ci.`,
    tone: 'attention',
  });
  return {
    ...card,
    actions: [
      { type: 'Action.Execute', title: 'Voir la convocation à jour', verb: 'meeting.view', data: { sittingId: s.id } },
    ],
  };
}

/** A cancelled sitting's headline: the reason the organiser gave. */
export const cancelledBanner = (s: Sitting) => `Séance annulée : ${cardText(lastChange(s)?.summary ?? '')}`;

/** A member's own card as Teams refreshes it, or after their answer; in a channel with everyone's counts. */
export function ownConvocation(
  v: ConvocationView,
  opts: { icsUrl: string; inChannel: boolean; documents?: OpenUrl[] },
): CardJson {
  const banner = v.sitting.status === 'annulee' ? cancelledBanner(v.sitting) : '';
  return personalConvocation(v.sitting, v.people, v.answers, v.memberKey, {
    error: v.error,
    banner: v.banner || banner,
    proxyNote: v.proxyNote,
    icsUrl: opts.icsUrl,
    withCounts: opts.inChannel,
    documents: opts.documents,
  });
}

/** The channel's card: who is convened (mentioned) and the answers so far; members see their own view. */
export function channelConvocation(
  s: Sitting,
  people: Person[],
  answers: Answer[],
  icsUrl = '',
  documents: OpenUrl[] = [],
): CardJson {
  const byKey = personByKey(people);
  const members = s.memberKeys.map(byKey).filter((p): p is Person => !!p);
  const open = s.status !== 'annulee' && s.status !== 'tenue';
  const card = renderCard('meeting.convocation', {
    ...common(s),
    // Cancelled: the reason the organiser gave, on the card everyone sees.
    ...(s.status === 'annulee' ? { status: cancelledBanner(s) } : {}),
    convened: `Convoqué·es : ${members.map((p) => `<at>${cardText(p.displayName)}</at>`).join(', ')}`,
    counts: `${countsLine(s, answers)} Chaque membre voit sa propre réponse sur cette carte.`,
    answer: '',
    substituteAsked: false,
    substituteName: '',
    holders: [],
    proxyNote: '',
    proxySpans: [],
    revocable: false,
    error: '',
    icsUrl: open ? icsUrl : '',
    documents: documentsData(documents),
  });
  return {
    ...withJoinButton(card, s),
    ...(open ? refreshFor(s, people, s.memberKeys) : { actions: closedActions(s) }),
    msteams: {
      entities: members
        .filter((p) => p.teamsUserId)
        .map((p) => ({
          type: 'mention',
          text: `<at>${cardText(p.displayName)}</at>`,
          mentioned: { id: p.teamsUserId, name: p.displayName },
        })),
    },
  };
}

/** The organiser's card: quorum forecast, who has not answered, history, and the sitting's actions. */
export function forecastCard(
  { sitting: s, people, forecast: f, answers, actions, delivery }: SittingForecast,
  proofUrl: string,
  documents: OpenUrl[] = [],
): CardJson {
  const byKey = personByKey(people);
  const nameOf = (k: string) => byKey(k)?.displayName ?? 'un membre';
  const members = new Set(s.memberKeys);
  const card = renderCard('meeting.forecast', {
    sittingId: s.id,
    // Only the buttons whose action is possible now (domain/meetings/sitting.ts sittingActions).
    canRevise: actions.revise,
    canCancel: actions.cancel,
    canRecordMinutes: actions.minutes,
    instanceName: cardText(s.instanceName),
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    headline:
      f.required === 0
        ? 'Pas de quorum requis'
        : `${f.counted}/${f.required} pour le quorum : ${f.reached ? 'atteint' : 'pas encore atteint'}`,
    color: f.reached ? 'Good' : 'Attention',
    present: String(f.present),
    remote: String(f.remote),
    represented: String(f.represented),
    substitutes: String(f.substitutes),
    absent: String(f.absent),
    silent: String(f.noAnswer.length),
    rule: `Règle : ${describeQuorum(s.quorum)}, sur ${f.members} membres.`,
    delivery: delivery
      ? `Convocation : ${delivery.headline}${delivery.failed ? ` (${count(delivery.failed, 'membre non joint', 'membres non joints')})` : ''}.`
      : '',
    noAnswer: f.noAnswer.map((k) => cardText(nameOf(k))).join(', '),
    substituted: substitutesLine(
      answers.filter((a) => members.has(a.personKey)),
      nameOf,
    ),
    proofUrl,
    documents: documentsData(documents),
    // The documents generated have their buttons; their SHA-256 stays in the journal (proof CSV).
    history: s.history
      .filter((h) => h.action !== 'document')
      .slice(-4)
      .map((h) => `${frenchDateTime(new Date(h.at), s.timeZone)} — ${cardText(h.summary)} (${cardText(nameOf(h.by))})`)
      .join('\r'),
  });
  const joinable = withJoinButton(card, s);
  return mayReconvene(s) ? withReconvene(joinable, s.id) : joinable;
}

/** The quorum was missed: the organiser's way to the second convocation (CGCT L2121-17). */
export const withReconvene = (card: CardJson, sittingId: string): CardJson => ({
  ...card,
  actions: [
    {
      type: 'Action.Execute',
      title: 'Convoquer à nouveau, sans quorum',
      verb: 'meeting.reconvene',
      data: { sittingId },
    },
    ...((card.actions as unknown[] | undefined) ?? []),
  ],
});

/**
 * In a channel the organiser's card is theirs alone. The card everyone sees is the members' view
 * (the sitting, where to answer), with a `refresh` that Teams runs for the organisers only
 * (user-specific view): they get the forecast, as the answer to that refresh, for themselves.
 * The forecast itself carries no `refresh`: a card with one replaces the message for everyone
 * (teams-ai then updates the activity), one without replaces it for the person who asked only.
 * Without `forecast` (a member, or the card everyone sees), the members' view.
 */
export function channelForecastCard(
  { sitting: s, people, forecast, managerKeys }: ChannelForecast,
  proofUrl: string,
  documentsOf: (f: SittingForecast) => OpenUrl[] = () => [],
): CardJson {
  const byKey = personByKey(people);
  const userIds = managerKeys.map((k) => byKey(k)?.teamsUserId).filter((id): id is string => !!id);
  const refresh =
    userIds.length > 0 && userIds.length <= 60
      ? {
          refresh: { action: { type: 'Action.Execute', verb: 'meeting.forecast', data: { sittingId: s.id } }, userIds },
        }
      : {};
  if (forecast) return forecastCard(forecast, proofUrl, documentsOf(forecast));
  const status = STATUS[s.status];
  return {
    ...messageCard({
      title: `${status || 'Séance convoquée'} — ${cardText(s.instanceName)}`,
      text:
        s.status === 'annulee'
          ? `${frenchDateTime(new Date(s.startsAt), s.timeZone)}. ${cancelledBanner(s)}`
          : `${frenchDateTime(new Date(s.startsAt), s.timeZone)}. Chaque membre répond sur la convocation publiée dans ce canal ; les organisateurs suivent ici la prévision du quorum.`,
    }),
    ...refresh,
  };
}
