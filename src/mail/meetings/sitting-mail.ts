import { MeetingMailPresenter, SittingMailContext, SittingMailKind } from '../../app/meetings/ports';
import { PERSONAL_LINK } from '../../app/delivery/ports';
import { Person, personByKey } from '../../domain/governance';
import { count } from '../../domain/french-text';
import { AgendaItem, MODE_LABELS, Sitting, lastChange, linkAddedAt } from '../../domain/meetings/sitting';
import { addedLine } from '../../app/meetings/convocation-document';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { buttonLink, escapeHtml, factsTable, mailPage } from '../html';

/** The heading of each notice, as the Teams card heads it. */
const HEADINGS: Record<SittingMailKind, string> = {
  convocation: 'Convocation',
  revision: 'Séance modifiée',
  reminder: 'Rappel de convocation',
  cancellation: 'Séance annulée',
};

const INTRO: Record<SittingMailKind, string> = {
  convocation: 'Vous êtes convoqué·e à la séance ci-dessous.',
  revision: 'La séance a été modifiée : vérifiez la date, le lieu, l’ordre du jour et votre réponse.',
  reminder: 'Vous n’avez pas encore répondu à cette convocation.',
  cancellation: 'La séance ci-dessous est annulée.',
};

/** Outlook and Gmail offer « Accepter » on an invitation: that reply goes to the sending mailbox, not to the bot. */
const CALENDAR_IS_NOT_AN_ANSWER =
  'L’accepter dans votre agenda n’enregistre pas votre réponse : répondez par le lien ci-dessus.';

/** What the e-mail says, line by line: the same facts as the Teams card. */
function facts(s: Sitting, kind: SittingMailKind, context: SittingMailContext): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Instance', s.instanceName],
    ['Date', frenchDateTime(new Date(s.startsAt), s.timeZone)],
    ['Modalité', MODE_LABELS[s.mode]],
  ];
  if (s.place) rows.push(['Lieu', s.place]);
  if (s.onlineLink) rows.push(['Réunion en ligne', s.onlineLink]);
  // What changed, as the journal says it (« document ajouté : budget 2027.pdf (point 2) »).
  if (kind === 'revision') rows.push(['Ce qui change', (lastChange(s)?.summary ?? '').replace(/^Modification — /, '')]);
  if (kind === 'cancellation') {
    rows.push(['Motif de l’annulation', lastChange(s)?.summary ?? '']);
    return rows;
  }
  const days = (n: number) => count(n, 'jour franc', 'jours francs');
  rows.push(
    [
      'Délai de convocation',
      `${days(context.requiredDays)} ; convocation envoyée ${days(s.joursFrancs)} avant la séance`,
    ],
    ['Base légale du délai', context.noticeSource ?? 'règlement intérieur de l’instance'],
  );
  if (s.urgencyReason) rows.push(['Convocation en urgence', s.urgencyReason]);
  if (s.secondOf) rows.push(['Deuxième convocation', 'la séance délibère sans condition de quorum (CGCT L2121-17)']);
  rows.push(['Pouvoirs', s.proxiesAllowed ? `admis (${s.maxProxiesPerHolder} au plus par membre)` : 'non admis']);
  return rows;
}

/** « (ajouté le 3 décembre 2026 à 10 h 12) » after a document added once the sitting was convened. */
const addedNote = (s: Sitting, item: AgendaItem, link: string) => {
  const at = linkAddedAt(item, link);
  return at ? ` (${addedLine(at, s.timeZone)})` : '';
};

const agendaText = (s: Sitting) =>
  s.agenda.map(
    (item, n) =>
      `${n + 1}. ${item.title}${item.rapporteur ? ` — ${item.rapporteur}` : ''}${item.links.map((l) => `\n   Document : ${l}${addedNote(s, item, l)}`).join('')}`,
  );

const agendaHtml = (s: Sitting) =>
  `<ol style="padding-left:20px">${s.agenda
    .map(
      (item) =>
        `<li style="margin-bottom:8px">${escapeHtml(item.title)}${item.rapporteur ? ` — <em>${escapeHtml(item.rapporteur)}</em>` : ''}${item.links
          .map(
            (l) =>
              `<br><a href="${escapeHtml(l)}" style="color:#0b5394">Document : ${escapeHtml(l)}</a>${escapeHtml(addedNote(s, item, l))}`,
          )
          .join('')}</li>`,
    )
    .join('')}</ol>`;

/**
 * A sitting's notices as French e-mails (plain text and HTML), for the members Teams cannot
 * reach: the convocation, its modification, the reminder, the cancellation. PERSONAL_LINK
 * stands where each member's own link to answer goes.
 */
export const meetingMailPresenter: MeetingMailPresenter = {
  sittingMail(kind: SittingMailKind, s: Sitting, people: Person[], context) {
    const heading = HEADINGS[kind];
    const when = frenchDateTime(new Date(s.startsAt), s.timeZone);
    const subject = `${heading} : ${s.instanceName}, ${when}`;
    const rows = facts(s, kind, context);
    const organiser = personByKey(people)(s.organiserKey)?.displayName ?? null;
    const answering = kind !== 'cancellation';
    const attached = context.attachedFile
      ? `La convocation de référence est jointe au format PDF (${context.attachedFile}).`
      : '';
    const text = [
      `${heading} — ${s.instanceName}`,
      '',
      INTRO[kind],
      '',
      ...rows.map(([k, v]) => `${k} : ${v}`),
      ...(s.note ? ['', s.note] : []),
      ...(answering ? ['', 'Ordre du jour :', ...agendaText(s)] : []),
      ...(attached ? ['', attached] : []),
      ...(answering
        ? [
            '',
            `Répondre (présent·e, absent·e, pouvoir…) : ${PERSONAL_LINK}`,
            'Ce lien vous est personnel : ne le transférez pas. Vous pouvez changer votre réponse jusqu’au début de la séance.',
            `L’invitation pour votre agenda est jointe (convocation.ics). ${CALENDAR_IS_NOT_AN_ANSWER}`,
          ]
        : ['', 'L’annulation pour votre agenda est jointe (annulation.ics).']),
      '',
      '-- ',
      `${context.centraleName}${organiser ? ` — séance organisée par ${organiser}` : ''}`,
    ].join('\n');
    const html = mailPage(
      subject,
      [
        `<h1 style="font-size:22px;margin:0 0 12px">${escapeHtml(heading)} — ${escapeHtml(s.instanceName)}</h1>`,
        `<p>${escapeHtml(INTRO[kind])}</p>`,
        factsTable(rows),
        s.note ? `<p>${escapeHtml(s.note).replace(/\n/g, '<br>')}</p>` : '',
        answering ? `<h2 style="font-size:18px;margin:20px 0 8px">Ordre du jour</h2>${agendaHtml(s)}` : '',
        attached ? `<p>${escapeHtml(attached)}</p>` : '',
        answering ? buttonLink(PERSONAL_LINK, 'Répondre à la convocation') : '',
        answering
          ? `<p style="font-size:14px;color:#4a4a4a">Ce lien vous est personnel : ne le transférez pas. Vous pouvez changer votre réponse jusqu’au début de la séance. L’invitation pour votre agenda est jointe (convocation.ics). ${CALENDAR_IS_NOT_AN_ANSWER}</p>`
          : '<p style="font-size:14px;color:#4a4a4a">L’annulation pour votre agenda est jointe (annulation.ics).</p>',
        `<p style="font-size:14px;color:#4a4a4a">${escapeHtml(context.centraleName)}${organiser ? ` — séance organisée par ${escapeHtml(organiser)}` : ''}</p>`,
      ].join('\n'),
    );
    return { subject, text, html };
  },
};
