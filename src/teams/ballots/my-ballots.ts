import { myBallots } from '../../app/ballots/my-ballots';
import { BallotStatus } from '../../domain/ballots/ballot';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { mineList } from '../mine-list';
import { Turn } from '../turn';

const STATUS: Record<BallotStatus, string> = {
  programme: 'ouvre plus tard',
  ouvert: 'en cours',
  clos: 'clos',
  annule: 'annulé',
};

/** « Mes scrutins »: what the person organises (its follow-up card) or must vote in (their card). */
export async function myBallotsCard(turn: Turn): Promise<CardJson> {
  const rows = (await myBallots(turn.deps, turn.actor)).map(({ ballot: b, organiser, voter, voted }) => ({
    title: cardText(`${b.subject} — ${b.instanceName}`),
    subtitle: `${STATUS[b.status]}, clôture le ${frenchDateTime(new Date(b.closesAt), b.timeZone)}`,
    detail: [
      organiser ? 'Vous l’organisez.' : '',
      voter ? (voted ? 'Vous avez voté.' : 'Vous n’avez pas encore voté.') : '',
    ],
    button: organiser ? 'Suivre le scrutin' : 'Voir et voter',
    verb: organiser ? 'ballot.manage' : 'ballot.view',
    data: { ballotId: b.id },
  }));
  return mineList(
    'Mes scrutins',
    'Aucun scrutin en cours ou récent (30 derniers jours) ne vous concerne : vous n’en organisez pas et n’êtes appelé·e à voter dans aucun.',
    rows,
  );
}

export function registerMyBallots(commands: CommandRouter): void {
  commands.add('ballots.mine', (turn) => myBallotsCard(turn));
}
