import { requirePerson } from '../../app/identify-actor';
import { CHOICE_LABELS } from '../../domain/meetings/attendance';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { Turn } from '../turn';

const STATUS = { convoquee: '', modifiee: ' — modifiée', annulee: ' — annulée', tenue: ' — tenue' } as const;

/** « Mes convocations »: the sittings to come this person is convened to, with their answer. */
export async function myMeetings(turn: Turn): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const sittings = await turn.deps.meetings.upcomingFor(person.key, turn.deps.clock.now());
  const rows = await Promise.all(
    sittings.map(async (s) => {
      const mine = (await turn.deps.meetings.answersOf(s.id)).find((a) => a.personKey === person.key);
      return {
        sittingId: s.id,
        instanceName: cardText(s.instanceName),
        when: frenchDateTime(new Date(s.startsAt), s.timeZone),
        status: STATUS[s.status],
        answer: s.status === 'annulee' ? '—' : mine ? CHOICE_LABELS[mine.choice] : 'pas encore donnée',
      };
    }),
  );
  return renderCard('meeting.mine', { sittings: rows.slice(0, 20) });
}

export function registerMyMeetings(commands: CommandRouter): void {
  // « mes convocations », « mes séances »: commands are matched on their first word.
  commands.add(['mes', 'agenda'], async (turn) => turn.reply(await myMeetings(turn)));
}
