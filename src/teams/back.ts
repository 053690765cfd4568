import { z } from 'zod';
import { ErrorCode } from '../domain/error-codes';
import { DomainError } from '../domain/errors';
import { CommandRouter } from './command-router';
import { messageCard } from './replies';
import { VerbRouter } from './verb-router';

/**
 * The cards « Annuler » may go back to: cards that show, never ones that act. A form carries
 * the verb and data of the card it replaced; going back re-renders that card as it stands.
 */
export const BACK_VERBS = new Set([
  'meeting.forecast',
  'meeting.view',
  'ballot.manage',
  'ballot.view',
  'campaign.follow',
  'need.mine',
  'circuit.status',
  'dispute.view',
  'survey.results',
  'governance.show',
  'help.show',
]);

/** After a change to the governance (a channel linked, members saved), the way on: the map as it now stands. */
export const TO_GOVERNANCE = {
  type: 'Action.Execute',
  title: 'Voir la carte de la gouvernance',
  verb: 'governance.show',
  data: {},
};

/** What a form's « Annuler » carries: the card to restore, or none (a form opened by a command). */
export interface Back {
  verb: string;
  data: Record<string, string>;
}
export const NO_BACK: Back = { verb: '', data: {} };
export const back = (verb: string, data: Record<string, string>): Back => ({ verb, data });

const backData = z.object({
  back: z
    .object({
      verb: z.string().max(60),
      data: z.record(z.string(), z.string().max(300)).optional(),
    })
    .optional(),
});

export function registerBack(_commands: CommandRouter, verbs: VerbRouter): void {
  verbs.add('card.back', backData, async (turn, d) => {
    if (!d.back?.verb)
      return messageCard({
        title: 'Formulaire fermé',
        text: 'Rien n’a été envoyé ni modifié. Retapez la commande pour recommencer (« aide » les liste).',
      });
    if (!BACK_VERBS.has(d.back.verb))
      throw new DomainError(
        ErrorCode.UnknownVerb,
        '« Annuler » ne ramène qu’à une carte à consulter : rouvrez la carte, ou retapez la commande.',
      );
    return verbs.dispatch(turn, d.back.verb, d.back.data ?? {});
  });
}
