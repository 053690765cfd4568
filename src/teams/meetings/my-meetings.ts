import { mySittings, organisedSittings } from '../../app/meetings/my-sittings';
import { CHOICE_LABELS } from '../../domain/meetings/attendance';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { count } from '../../domain/french-text';
import { CommandRouter } from '../command-router';
import { mineList } from '../mine-list';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { z } from 'zod';

/** A phone shows this many sittings; the card says how many more there are. */
const MAX_SITTINGS = 20;

const STATUS = { convoquee: '', modifiee: ' — modifiée', annulee: ' — annulée', tenue: ' — tenue' } as const;

/** « Mes convocations »: the sittings to come this person is convened to, with their answer. */
export async function myMeetings(turn: Turn): Promise<CardJson> {
  const rows = (await mySittings(turn.deps, turn.actor)).map(({ sitting: s, answer: mine }) => ({
    sittingId: s.id,
    instanceName: cardText(s.instanceName),
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    status: STATUS[s.status],
    answer: s.status === 'annulee' ? '—' : mine ? CHOICE_LABELS[mine.choice] : 'pas encore donnée',
    // A cancelled sitting takes no answer: its button only shows the cancellation.
    button: s.status === 'annulee' ? 'Voir l’annulation' : 'Voir et répondre',
  }));
  const more = rows.length - MAX_SITTINGS;
  return renderCard('meeting.mine', {
    sittings: rows.slice(0, MAX_SITTINGS),
    more:
      more > 0
        ? `Et ${count(more, 'séance', 'séances')} de plus, plus tard : voici les ${MAX_SITTINGS} prochaines.`
        : '',
  });
}

/** « Mes séances »: what the person organises, upcoming and recent, each with its forecast card. */
export async function organisedMeetings(turn: Turn): Promise<CardJson> {
  const now = turn.deps.clock.now().getTime();
  const rows = (await organisedSittings(turn.deps, turn.actor)).map((s) => ({
    title: cardText(s.instanceName),
    subtitle: `${frenchDateTime(new Date(s.startsAt), s.timeZone)}${STATUS[s.status]}`,
    detail: [
      s.status === 'convoquee' || s.status === 'modifiee'
        ? Date.parse(s.startsAt) < now
          ? 'Séance passée : relevé de décisions à établir.'
          : ''
        : s.status === 'tenue'
          ? 'Relevé de décisions établi.'
          : '',
    ],
    button: 'Prévision du quorum',
    verb: 'meeting.forecast',
    data: { sittingId: s.id },
  }));
  return mineList(
    'Mes séances',
    'Vous n’organisez aucune séance à venir ou récente (45 derniers jours). « convoquer » en ouvre une.',
    rows,
  );
}

export function registerMyMeetings(commands: CommandRouter, verbs: VerbRouter): void {
  // The way back from a card that takes no answer any more (a cancelled sitting).
  verbs.add('meeting.mine', z.object({}).passthrough(), (turn) => myMeetings(turn));
  // « mes » alone, and any « mes … » no other feature claims, is « mes convocations ».
  commands.add('meetings.mine', (turn) => myMeetings(turn));
  commands.add('sittings.mine', (turn) => organisedMeetings(turn));
}
