import { MemberAnswer } from '../../app/needs/ports';
import { CampaignFormView, FollowView, ProgrammeView } from '../../app/needs/queries';
import { memberName } from '../../app/needs/campaigns';
import {
  LocalDate,
  addDays,
  formatLocalDate,
  frenchDateOf,
  localDateOf,
  parseLocalDate,
} from '../../domain/meetings/zoned-time';
import { frenchDay, frenchDayOf, frenchQuantity } from '../../domain/french-format';
import { firstDeadline, isLate, sentAt } from '../../domain/needs/deadline';
import { formatEuros } from '../../domain/needs/money';
import { Campaign, Need } from '../../domain/needs/need';
import { PROCEDURE_LABELS, planningAlert } from '../../domain/needs/programme';
import { HolidayCalendar } from '../../domain/working-days';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { shortened } from '../long-text';
import { NO_BACK } from '../back';
import { needDetail, needTitle } from './views';
import { answeredOutOf, count } from '../../domain/french-text';

/** The needs cards of the coordination: the campaign form, progress, follow-up, programme. */

/** The form to open a campaign, with what was typed (and why it was refused) when it comes back. */
export function campaignFormCard(
  view: CampaignFormView,
  opts: { draftId: string; today: LocalDate; values?: Record<string, string>; error?: string },
): CardJson {
  const { today, values = {}, error } = opts;
  return renderCard('campaign.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    draftId: opts.draftId,
    title: values.title ?? '',
    segments: values.segments ?? '',
    targets: values.targets ?? '',
    members: view.members.map((m) => ({ title: cardText(m.name), value: m.id })),
    deadline: values.deadline || formatLocalDate(addDays(today, 21)),
    instructions: values.instructions ?? '',
    channels: view.channels.map((i) => ({ title: cardText(`${i.name} (${i.channel.name})`), value: i.id })),
    channelInstanceId: values.channelInstanceId ?? view.defaultChannelId,
    error: error ? cardText(error) : '',
  });
}

function progressData(c: Campaign, needs: Need[], answers: MemberAnswer[]) {
  const sentBy = new Set(needs.filter((n) => !['brouillon', 'retire'].includes(n.status)).map((n) => n.memberId));
  const nothing = new Set(answers.filter((a) => a.nothing && !sentBy.has(a.memberId)).map((a) => a.memberId));
  const silent = c.targetMemberIds.filter((m) => !sentBy.has(m) && !nothing.has(m));
  return { sentBy, nothing, silent, answered: c.targetMemberIds.length - silent.length };
}

export function progressCard(c: Campaign, needs: Need[], answers: MemberAnswer[]): CardJson {
  const p = progressData(c, needs, answers);
  return renderCard('campaign.progress', {
    campaignId: c.id,
    title: cardText(c.title),
    headline: answeredOutOf(p.answered, c.targetMemberIds.length, 'adhérent', 'adhérents'),
    deadline: frenchDateOf(c.deadline),
    sent: `${needs.filter((n) => !['brouillon', 'retire'].includes(n.status)).length} (${p.sentBy.size} adhérents)`,
    nothing: String(p.nothing.size),
    silent: String(p.silent.length),
  });
}

/** The coordination's card: completeness, needs to qualify, totals per segment, exports. */
export function followCard(
  view: FollowView,
  opts: { needsUrl: string; needsXlsxUrl: string; error?: string },
): CardJson {
  const { campaign: c, needs, totals } = view;
  const p = progressData(c, needs, view.answers);
  const nameOf = (id: string) => memberName(view.members, id);
  const pending = needs.filter((n) => n.status === 'soumis');
  const late = (n: Need) => {
    const at = sentAt(n);
    return !!at && isLate(c, at);
  };
  const lateMembers = [
    ...new Set([
      ...needs.filter((n) => n.status !== 'brouillon' && n.status !== 'retire' && late(n)).map((n) => n.memberId),
      ...view.answers.filter((a) => a.nothing && isLate(c, a.at)).map((a) => a.memberId),
    ]),
  ];
  return renderCard('campaign.follow', {
    campaignId: c.id,
    title: cardText(c.title),
    deadline: view.closed
      ? `Campagne close depuis le ${frenchDayOf(c.deadline)} : les adhérents ne peuvent plus répondre, sauf si vous la prolongez.`
      : `Date limite : ${frenchDateOf(c.deadline)}`,
    closed: view.closed,
    extensions: view.extensions
      .map(
        (e) =>
          `Prolongée le ${frenchDay(localDateOf(new Date(e.at), c.timeZone))} par ${cardText(e.byName)} : du ${frenchDayOf(e.from)} au ${frenchDayOf(e.to)}`,
      )
      .join('\r'),
    late: lateMembers.length
      ? `Réponses en retard (après le ${frenchDayOf(firstDeadline(c))}) : ${lateMembers.map((id) => cardText(nameOf(id))).join(', ')}`
      : '',
    // A week after the current deadline, to change at will.
    newDeadline: formatLocalDate(addDays(parseLocalDate(c.deadline)!, 7)),
    headline: `${answeredOutOf(p.answered, c.targetMemberIds.length, 'adhérent', 'adhérents')} (${p.nothing.size} néant) · ${count(pending.length, 'besoin', 'besoins')} à qualifier`,
    silent: p.silent.map((id) => cardText(nameOf(id))).join(', '),
    pending: pending.map((n) => ({
      id: n.id,
      title: needTitle(n),
      detail:
        needDetail(n, nameOf(n.memberId)) +
        (late(n) ? ' · envoyé en retard' : '') +
        (n.answer ? cardText(` · réponse : ${n.answer}`) : ''),
      mergeChoices: needs
        .filter((o) => o.id !== n.id && o.segment === n.segment && ['soumis', 'accepte'].includes(o.status))
        .map((o) => ({ title: cardText(`${nameOf(o.memberId)} — ${shortened(o.description, 50)}`), value: o.id })),
    })),
    totals: totals.map((t) => ({
      title: cardText(t.segment),
      value: cardText(
        `${formatEuros(t.totalCents)} (${formatEuros(t.annualCents)} par an) · ${count(t.memberIds.length, 'adhérent', 'adhérents')} · ${t.quantities.map((q) => frenchQuantity(q.quantity, q.unit)).join(', ')}`,
      ),
    })),
    needsUrl: opts.needsUrl,
    needsXlsxUrl: opts.needsXlsxUrl,
    error: opts.error ? cardText(opts.error) : '',
  });
}

/** The programme: per file, its rétroplanning in French dates, and a warning when a milestone is already past. */
export function programmeCard(
  view: ProgrammeView,
  opts: {
    programmeUrl: string;
    programmeXlsxUrl: string;
    today: LocalDate;
    calendar?: HolidayCalendar;
    error?: string;
  },
): CardJson {
  const { programmeUrl, programmeXlsxUrl, today, calendar, error = '' } = opts;
  const p = view.programme;
  const nameOf = (id: string) => memberName(view.members, id);
  return renderCard('programme.card', {
    campaignId: p.campaignId,
    title: cardText(p.title),
    circuit: p.circuitId ? 'Soumis au circuit de validation.' : '',
    editable: !p.circuitId,
    items: p.items.map((i) => ({
      id: i.id,
      fileName: cardText(i.fileName),
      amount: formatEuros(i.consolidatedCents),
      detail: cardText(
        `${i.segment} · ${PROCEDURE_LABELS[i.procedure]} · ${i.memberIds.map(nameOf).join(', ')} · lancement ${frenchDateOf(i.plannedLaunch)}`,
      ),
      plan: i.retroplanning.map((s) => `${s.step} : ${frenchDateOf(s.date)}`).join('\r'),
      // Once in the circuit the programme is what was validated: no more warnings on it.
      alert: p.circuitId ? '' : cardText(planningAlert(i, today, calendar) ?? ''),
      procedure: i.procedure,
      wishedStart: i.wishedStart,
      plannedLaunch: i.plannedLaunch,
    })),
    programmeUrl,
    programmeXlsxUrl,
    error: error ? cardText(error) : '',
  });
}
