import { BallotMailKind, BallotMailPresenter } from '../../app/ballots/ports';
import { PERSONAL_LINK } from '../../app/delivery/ports';
import { Ballot } from '../../domain/ballots/ballot';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { buttonLink, escapeHtml, factsTable, mailPage } from '../html';

const HEADINGS: Record<BallotMailKind, string> = { opening: 'Scrutin ouvert', reminder: 'Rappel de scrutin' };
const INTRO: Record<BallotMailKind, string> = {
  opening: 'Un scrutin vient d’ouvrir : vous êtes appelé·e à voter.',
  reminder: 'Rappel : vous n’avez pas encore voté à ce scrutin.',
};
const SECRET =
  'Ce scrutin est secret : on ne vote que dans Teams, où votre identité est vérifiée sans que votre choix soit lié à votre nom. Ouvrez l’application de la centrale dans Teams pour voter ; si vous n’avez pas Teams, adressez-vous à l’organisateur du scrutin.';

/**
 * A ballot's notices as French e-mails. A named ballot's carry the voter's personal link (the vote
 * is confirmed on the page); a secret ballot's say where to vote, and carry no link.
 */
export const ballotMailPresenter: BallotMailPresenter = {
  ballotMail(kind: BallotMailKind, b: Ballot, context) {
    const heading = HEADINGS[kind];
    const closes = frenchDateTime(new Date(b.closesAt), b.timeZone);
    const subject = `${heading} : ${b.subject} — clôture le ${closes}`;
    const rows: Array<[string, string]> = [
      ['Instance', b.instanceName],
      ['Objet', b.subject],
      ['Question', b.question],
      ['Choix possibles', b.choices.join(' · ')],
      ['Clôture', closes],
      ['Vote', b.secret ? 'à bulletin secret' : 'nominatif'],
    ];
    const text = [
      `${heading} — ${b.instanceName}`,
      '',
      INTRO[kind],
      '',
      ...rows.map(([k, v]) => `${k} : ${v}`),
      ...b.links.map((l) => `Document : ${l}`),
      '',
      ...(b.secret
        ? [SECRET]
        : [
            `Voter : ${PERSONAL_LINK}`,
            'Ce lien vous est personnel : ne le transférez pas. Votre choix vous sera demandé une seconde fois, pour confirmation, avant d’être enregistré.',
          ]),
      '',
      '-- ',
      context.centraleName,
    ].join('\n');
    const html = mailPage(
      subject,
      [
        `<h1 style="font-size:22px;margin:0 0 12px">${escapeHtml(heading)} — ${escapeHtml(b.instanceName)}</h1>`,
        `<p>${escapeHtml(INTRO[kind])}</p>`,
        factsTable(rows),
        b.links
          .map((l) => `<p><a href="${escapeHtml(l)}" style="color:#0b5394">Document : ${escapeHtml(l)}</a></p>`)
          .join(''),
        b.secret
          ? `<p><strong>${escapeHtml(SECRET)}</strong></p>`
          : `${buttonLink(PERSONAL_LINK, 'Voter')}<p style="font-size:14px;color:#4a4a4a">Ce lien vous est personnel : ne le transférez pas. Votre choix vous sera demandé une seconde fois, pour confirmation, avant d’être enregistré.</p>`,
        `<p style="font-size:14px;color:#4a4a4a">${escapeHtml(context.centraleName)}</p>`,
      ].join('\n'),
    );
    return { subject, text, html };
  },
};
