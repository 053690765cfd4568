import { z } from 'zod';
import { attachBilanToSitting, bilanAttachChoices } from '../../app/meetings/attach-bilan';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { back } from '../back';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { toForecast } from './back-links';
import { sittingIdData } from './forms';
import { proofUrlOf } from './links';
import { organiserCard } from './organiser-card';

/**
 * « Joindre le bilan des marchés » on the organiser's card: a form (which agenda item, which
 * period), then the sitting's card again, the bilan added to the item and the members told.
 */
const attachData = sittingIdData.extend({
  item: z.string().regex(/^\d{1,3}$/, { error: 'Choisissez un point de l’ordre du jour.' }),
  windowKey: z.string().regex(/^(\d{4}|duree)$/, { error: 'Choisissez une période du bilan.' }),
});

async function openForm(turn: Turn, sittingId: string): Promise<CardJson> {
  const c = await bilanAttachChoices(turn.deps, turn.actor, sittingId);
  return renderCard('meeting.bilan.form', {
    sittingId: c.sitting.id,
    back: back('meeting.forecast', { sittingId: c.sitting.id }),
    instanceName: cardText(c.sitting.instanceName),
    when: frenchDateTime(new Date(c.sitting.startsAt), c.sitting.timeZone),
    items: c.items.map((i) => ({ value: i.value, title: cardText(i.title) })),
    selectedItem: c.items.at(-1)?.value ?? '1',
    windows: c.windows.map((w) => ({
      value: w.key,
      title: w.key === 'duree' ? 'Toute la durée des marchés' : w.label,
    })),
    selectedWindow: c.defaultWindow,
  });
}

async function attach(turn: Turn, data: z.infer<typeof attachData>): Promise<CardJson> {
  const r = await attachBilanToSitting(turn.deps, turn.deps.links, turn.actor, {
    sittingId: data.sittingId,
    item: Number(data.item),
    windowKey: data.windowKey,
    serviceUrl: turn.serviceUrl,
  });
  return organiserCard(turn, r.forecast, proofUrlOf(turn.deps, r.sitting));
}

export function registerBilanAttach(verbs: VerbRouter): void {
  verbs.add('meeting.bilan.open', sittingIdData, (turn, d) => openForm(turn, d.sittingId), toForecast);
  verbs.add('meeting.bilan.attach', attachData, attach, toForecast);
}
