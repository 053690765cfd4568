import { myCampaigns } from '../../app/needs/queries';
import { frenchDateOf } from '../../domain/meetings/zoned-time';
import { CardJson, cardText } from '../card-renderer';
import { mineList } from '../mine-list';
import { Turn } from '../turn';

/** « Mes campagnes »: the coordination's follow-up card, or the référent's card for their adhérent. */
export async function myCampaignsCard(turn: Turn): Promise<CardJson> {
  const rows = (await myCampaigns(turn.deps, turn.actor)).map(({ campaign: c, coordinator, answers }) => ({
    title: cardText(c.title),
    subtitle: `${c.status === 'ouverte' ? 'ouverte' : 'close'}, réponses jusqu’au ${frenchDateOf(c.deadline)}`,
    detail: [coordinator ? 'Vous la coordonnez.' : '', answers ? 'Vous y répondez pour votre adhérent.' : ''],
    // A référent who also coordinates gets the follow-up; « besoins » still shows their own card.
    button: coordinator ? 'Suivre la campagne' : 'Voir et répondre',
    verb: coordinator ? 'campaign.follow' : 'need.mine',
    data: { campaignId: c.id },
  }));
  return mineList(
    'Mes campagnes',
    'Aucune campagne de recensement ouverte ou de l’année écoulée ne vous concerne : vous n’en coordonnez pas et votre adhérent n’y est pas appelé.',
    rows,
  );
}
