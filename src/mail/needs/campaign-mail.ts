import { PERSONAL_LINK } from '../../app/delivery/ports';
import { CampaignMailContext, CampaignMailKind, NeedsMailPresenter } from '../../app/needs/ports';
import { frenchList } from '../../domain/french-text';
import { frenchDayOf } from '../../domain/french-format';
import { Campaign } from '../../domain/needs/need';
import { buttonLink, escapeHtml, factsTable, mailPage } from '../html';
import { botChatLink } from '../teams-link';

const HEADINGS: Record<CampaignMailKind, string> = {
  invitation: 'Recensement des besoins',
  reminder: 'Rappel : recensement des besoins',
};

const intro = (kind: CampaignMailKind, c: Campaign) =>
  kind === 'invitation'
    ? 'La centrale d’achat recense les besoins de ses adhérents. Vous répondez pour votre collectivité : déclarez ses besoins, ou répondez « néant » si elle n’en a pas.'
    : `La campagne se termine le ${frenchDayOf(c.deadline)} et votre collectivité n’a pas encore répondu. Déclarez ses besoins, ou répondez « néant ».`;

/** What to do, as lines of text: open the bot in Teams, or (without Teams) the needs form's personal link. */
function whatToDo(
  c: Campaign,
  context: CampaignMailContext,
  botId: string | null,
): { lines: string[]; link: string | null; button: string } {
  const who = context.coordinator;
  if (context.teams)
    return {
      lines: [
        botId
          ? `Ouvrez la conversation avec le bot de la centrale dans Teams : ${botChatLink(botId)}`
          : 'Ouvrez la conversation avec le bot de la centrale dans Teams.',
        'Tapez « besoins » : le formulaire de la campagne s’ouvre. Vos brouillons y sont gardés jusqu’à leur envoi.',
      ],
      link: botId ? botChatLink(botId) : null,
      button: 'Ouvrir le bot dans Teams',
    };
  // Without Teams: the référent's own link to the needs form (PERSONAL_LINK, one per recipient).
  return {
    lines: [
      `Vous n’avez pas accès à Teams : saisissez les besoins de votre collectivité sur la page de la campagne, d’ici le ${frenchDayOf(c.deadline)} inclus. Vos brouillons y sont gardés jusqu’à leur envoi ; vous pouvez aussi y répondre « néant ».`,
      `Saisissez les besoins de votre collectivité : ${PERSONAL_LINK}`,
      'Ce lien vous est personnel : ne le transférez pas.',
      who
        ? `Pour toute question : ${who.name}, qui coordonne la campagne${who.email ? ` (${who.email})` : ''}.`
        : 'Pour toute question, écrivez à la coordination de la centrale.',
    ],
    link: PERSONAL_LINK,
    button: 'Saisir mes besoins',
  };
}

/**
 * A needs campaign's invitation and reminder as French e-mails, for the référents Teams cannot
 * reach or who asked for e-mail: the campaign, its deadline (a day in the centrale's zone), the
 * instructions, and what to do.
 */
export function needsMailPresenter(botId: string | null): NeedsMailPresenter {
  return {
    campaignMail(kind, c, context) {
      const heading = HEADINGS[kind];
      const deadline = frenchDayOf(c.deadline);
      const subject = `${heading} : ${c.title}, réponse avant la fin du ${deadline}`;
      const rows: Array<[string, string]> = [
        ['Campagne', c.title],
        ['Date limite', `${deadline} inclus`],
        ['Segments', frenchList(c.segments)],
      ];
      const todo = whatToDo(c, context, botId);
      const signature = `${context.centraleName}${context.coordinator ? ` — campagne ouverte par ${context.coordinator.name}` : ''}`;
      const text = [
        `${heading} — ${c.title}`,
        '',
        intro(kind, c),
        '',
        ...rows.map(([k, v]) => `${k} : ${v}`),
        ...(c.instructions ? ['', 'Consignes de la coordination :', c.instructions] : []),
        '',
        'Pour répondre :',
        ...todo.lines,
        '',
        '-- ',
        signature,
      ].join('\n');
      const html = mailPage(
        subject,
        [
          `<h1 style="font-size:22px;margin:0 0 12px">${escapeHtml(heading)} — ${escapeHtml(c.title)}</h1>`,
          `<p>${escapeHtml(intro(kind, c))}</p>`,
          factsTable(rows),
          c.instructions
            ? `<h2 style="font-size:18px;margin:20px 0 8px">Consignes de la coordination</h2><p>${escapeHtml(c.instructions).replace(/\n/g, '<br>')}</p>`
            : '',
          `<h2 style="font-size:18px;margin:20px 0 8px">Pour répondre</h2>`,
          ...todo.lines.map((l) => `<p>${escapeHtml(todo.link ? l.replace(` : ${todo.link}`, '.') : l)}</p>`),
          todo.link ? buttonLink(escapeHtml(todo.link), todo.button) : '',
          `<p style="font-size:14px;color:#4a4a4a">${escapeHtml(signature)}</p>`,
        ].join('\n'),
      );
      return { subject, text, html };
    },
  };
}
