import { ErrorCode } from '../../domain/error-codes';
import { z } from 'zod';
import { MAX_ANNOUNCEMENT_LENGTH, announce } from '../../app/governance/announce';
import { announceableInstances } from '../../app/governance/queries';
import { isDomainError } from '../../domain/errors';
import { CardJson, renderCard } from '../card-renderer';
import { NO_BACK } from '../back';
import { CommandRouter } from '../command-router';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { instanceForCommand } from './instance-target';
import { deliveryReportCard } from '../delivery/routes';

const sendData = z.object({
  instanceId: z.string({ error: 'Choisissez une instance.' }).min(1, 'Choisissez une instance.').max(200),
  // Longer than allowed still reaches the use case, which says so in French and keeps the text.
  text: z
    .string({ error: 'Écrivez le message à envoyer.' })
    .max(MAX_ANNOUNCEMENT_LENGTH * 5, 'Le message est beaucoup trop long.'),
});

async function announceForm(
  turn: Turn,
  values: { instanceId?: string; text?: string; error?: string } = {},
): Promise<CardJson> {
  const instances = await announceableInstances(turn.deps, turn.actor);
  if (instances.length === 0) {
    return renderCard('message', {
      title: 'Aucune instance',
      text: 'Vous n’organisez aucune instance : seuls ses organisateurs et les administrateurs écrivent à ses membres.',
      facts: [],
      hint: '',
      color: 'Attention',
    });
  }
  return renderCard('announce.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    instanceId: values.instanceId ?? '',
    text: values.text ?? '',
    error: values.error ?? '',
    choices: instances.map((i) => ({ title: i.name, value: i.id })),
  });
}

async function send(turn: Turn, data: z.infer<typeof sendData>): Promise<CardJson> {
  try {
    const { noticeId } = await announce(turn.deps, turn.actor, {
      instanceId: data.instanceId,
      text: data.text,
      serviceUrl: turn.serviceUrl,
    });
    return deliveryReportCard(turn, noticeId);
  } catch (e) {
    if (!isDomainError(e) || e.code === ErrorCode.Forbidden || e.code === ErrorCode.NotRegistered) throw e;
    return announceForm(turn, { ...data, error: e.userMessage });
  }
}

export function registerAnnounce(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('instance.announce', async (turn, request) => {
    const target = await instanceForCommand(turn, request);
    return announceForm(turn, { instanceId: target?.id });
  });
  verbs.add('announce.send', sendData, send);
}
