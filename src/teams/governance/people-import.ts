import { z } from 'zod';
import { importPeople } from '../../app/governance/import-people';
import { ErrorCode } from '../../domain/error-codes';
import { isDomainError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import { Back, NO_BACK } from '../back';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { messageCard } from '../replies';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';

/** The card's limit (its Input.Text maxLength): a few hundred people. */
const MAX_TEXT = 20_000;

const importData = z.object({
  /** The pasted table; absent when a button opens the form. */
  text: z.string().max(MAX_TEXT, 'Le tableau dépasse 20 000 caractères : importez-le en plusieurs fois.').optional(),
  back: z.object({ verb: z.string().max(60), data: z.record(z.string(), z.string().max(300)).optional() }).optional(),
});
type ImportData = z.infer<typeof importData>;

function importForm(turn: Turn, values: { text?: string; error?: string; back?: Back } = {}): CardJson {
  authorize(turn.actor.person, 'person.roles.set');
  return renderCard('members.import', {
    // What was pasted stays in the input after a refusal: nothing typed is lost.
    text: values.text ?? '',
    error: cardText(values.error ?? ''),
    back: values.back ?? NO_BACK,
  });
}

const ANOTHER_IMPORT = {
  type: 'Action.Execute',
  title: 'Importer d’autres membres',
  verb: 'members.import',
  associatedInputs: 'none',
  data: {},
};

async function submit(turn: Turn, data: ImportData): Promise<CardJson> {
  if (data.text === undefined) return importForm(turn);
  const back = data.back ? { verb: data.back.verb, data: data.back.data ?? {} } : NO_BACK;
  try {
    const result = await importPeople(turn.deps, turn.actor, { text: data.text });
    const card = messageCard({ title: 'Membres importés', text: `${result.summary}.`, tone: 'good' });
    const roles = { type: 'Action.Execute', title: 'Voir les rôles', verb: 'roles.person', data: { personKey: '' } };
    return { ...card, actions: [ANOTHER_IMPORT, roles] };
  } catch (e) {
    if (!isDomainError(e) || e.code === ErrorCode.Forbidden || e.code === ErrorCode.NotRegistered) throw e;
    return importForm(turn, { text: data.text, error: e.userMessage, back });
  }
}

export function registerPeopleImport(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('people.import', async (turn) => importForm(turn));
  verbs.add('members.import', importData, submit);
}
