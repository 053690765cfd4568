import { mySittings } from '../../app/meetings/my-sittings';
import { CHOICE_LABELS } from '../../domain/meetings/attendance';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { Turn } from '../turn';

const STATUS = { convoquee: '', modifiee: ' — modifiée', annulee: ' — annulée', tenue: ' — tenue' } as const;

/** « Mes convocations »: the sittings to come this person is convened to, with their answer. */
export async function myMeetings(turn: Turn): Promise<CardJson> {
  const rows = (await mySittings(turn.deps, turn.actor)).map(({ sitting: s, answer: mine }) => ({
    sittingId: s.id,
    instanceName: cardText(s.instanceName),
    when: frenchDateTime(new Date(s.startsAt), s.timeZone),
    status: STATUS[s.status],
    answer: s.status === 'annulee' ? '—' : mine ? CHOICE_LABELS[mine.choice] : 'pas encore donnée',
  }));
  return renderCard('meeting.mine', { sittings: rows.slice(0, 20) });
}

export function registerMyMeetings(commands: CommandRouter): void {
  // « mes convocations », « mes séances »: commands are matched on their first word.
  commands.add(['mes', 'agenda'], async (turn) => turn.reply(await myMeetings(turn)));
}
