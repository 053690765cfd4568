import { z } from 'zod';
import { eraseConfirmed, exportPerson, privacyOverview } from '../../app/privacy/personal-data';
import { zoneOf } from '../../app/time-zone';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';

/** The administrators' card: a person to export or erase, and the log of administrative actions. */
async function privacyCard(
  turn: Turn,
  values: { personKey?: string; message?: string; good?: boolean; link?: string } = {},
): Promise<CardJson> {
  const { people, log } = await privacyOverview(turn.deps, turn.actor);
  const nameOf = (k: string) => people.find((p) => p.key === k)?.displayName ?? k;
  const card = renderCard('privacy.card', {
    personKey: values.personKey ?? '',
    people: people.map((p) => ({ title: cardText(p.displayName), value: p.key })),
    message: cardText(values.message ?? ''),
    color: values.good ? 'Good' : 'Attention',
    log: log
      .map(
        (e) =>
          `${frenchDateTime(new Date(e.at), zoneOf(turn.actor))} — ${e.action} — ${cardText(e.detail)} (${cardText(nameOf(e.by))})`,
      )
      .join('\r'),
  });
  return values.link
    ? ({
        ...card,
        actions: [
          { type: 'Action.OpenUrl', title: 'Télécharger l’export', url: values.link },
          ...(card.actions as unknown[]),
        ],
      } as CardJson)
    : card;
}

const personData = z.object({
  personKey: z.string({ error: 'Choisissez une personne.' }).min(1, 'Choisissez une personne.').max(300),
  confirm: z.string().max(20).optional().default(''),
});

export function registerPrivacy(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('privacy', (turn) => privacyCard(turn));
  verbs.add('privacy.export', personData, async (turn, d) => {
    const data = await exportPerson(turn.deps, turn.actor, d.personKey);
    const link = turn.deps.links.url(
      'donnees',
      `${data.person.centraleId}|${data.person.key}`,
      new Date(turn.deps.clock.now().getTime() + 3_600_000),
    );
    return privacyCard(turn, {
      personKey: d.personKey,
      good: true,
      link,
      message: `Export prêt (${data.documents.length} documents) : le lien est valable une heure.`,
    });
  });
  verbs.add('privacy.erase', personData, async (turn, d) => {
    const r = await eraseConfirmed(turn.deps, turn.actor, d);
    return privacyCard(turn, {
      good: true,
      message: `Données effacées : la personne apparaît désormais comme « Membre supprimé » (${r.documents} documents).`,
    });
  });
}
