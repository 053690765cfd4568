import { z } from 'zod';
import { economicsForm, saveEconomics } from '../../app/bilan/economics';
import { registryView } from '../../app/disputes/registry-view';
import { EconomicsTyped, economicsField } from '../../domain/bilan/economics-form';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { CommandRouter } from '../command-router';
import { limitedText } from '../form-fields';
import { INVALID_CARD_DATA, VerbRouter, backTo } from '../verb-router';
import { economicsCard } from './economics-views';
import { registryCard } from './form-views';

const ref = { contractId: z.string().min(1).max(200), campaignId: z.string().max(200).optional() };
/** The form's fields (`unit`, `volume_<member>`, `renewalTo_<n>`…): any number, each a short text. */
const typedFields = limitedText(200, 'Un champ');
/** The rows of the other pages of members, carried by the buttons (JSON). */
const others = z.string().max(60_000).optional();
/**
 * « Prix et volumes » from the registry; from the form (`keep`: what was typed, `campaignId` the
 * campaign it came from), « Reprendre les besoins… » (`take`) or another page of members (`page`).
 */
const editData = z
  .object({
    ...ref,
    keep: z.literal('oui').optional(),
    take: z.string().max(200).optional(),
    page: z
      .string()
      .regex(/^\d{1,3}$/)
      .optional(),
    others,
  })
  .catchall(typedFields);
const saveData = z.object({ ...ref, others }).catchall(typedFields);

const othersSchema = z.array(z.tuple([z.string(), z.string(), z.string(), z.string()])).max(1000);
const NOT_TYPED = ['contractId', 'campaignId', 'keep', 'take', 'page', 'others'];

/** What was typed: the form's inputs, and the rows of the other pages (`others`). */
const typedOf = (d: Record<string, unknown>): EconomicsTyped => {
  const typed: EconomicsTyped = Object.fromEntries(
    Object.entries(d).filter((e): e is [string, string] => !NOT_TYPED.includes(e[0]) && typeof e[1] === 'string'),
  );
  if (typeof d.others !== 'string' || !d.others) return typed;
  let rows: z.infer<typeof othersSchema>;
  try {
    rows = othersSchema.parse(JSON.parse(d.others));
  } catch {
    throw new DomainError(ErrorCode.InvalidData, INVALID_CARD_DATA);
  }
  for (const [id, volume, reference, supplier] of rows) {
    typed[economicsField.volume(id)] ??= volume;
    typed[economicsField.reference(id)] ??= reference;
    typed[economicsField.supplier(id)] ??= supplier;
  }
  return typed;
};

const toRegistry = backTo('Revenir au registre', 'registry.view');

/** A contract's economics (the bilan des marchés), entered by those who keep the registry. */
export function registerContractEconomics(_commands: CommandRouter, verbs: VerbRouter): void {
  verbs.add(
    'contract.economics.edit',
    editData,
    async (turn, d) =>
      economicsCard(
        await economicsForm(turn.deps, turn.actor, {
          contractId: d.contractId,
          ...(d.take ? { campaignId: d.take } : {}),
          ...(d.keep ? { typed: typedOf(d), from: d.campaignId ?? '' } : {}),
        }),
        Number(d.page ?? 0),
      ),
    toRegistry,
  );
  verbs.add(
    'contract.economics.save',
    saveData,
    async (turn, d) => {
      const r = await saveEconomics(turn.deps, turn.actor, {
        contractId: d.contractId,
        typed: typedOf(d),
        ...(d.campaignId ? { campaignId: d.campaignId } : {}),
      });
      return economicsCard(r.form);
    },
    toRegistry,
    {
      fields: () => true,
      card: async (turn, typed, tooLong) => {
        const form = await economicsForm(turn.deps, turn.actor, {
          contractId: typed.contractId ?? '',
          typed: typedOf(typed),
          from: typed.campaignId ?? '',
        });
        return economicsCard({ ...form, errors: { general: Object.values(tooLong).join(' ') } });
      },
    },
  );
  // The way back from the form: the registry as it now stands.
  verbs.add('registry.view', z.object({}).loose(), async (turn) =>
    registryCard(await registryView(turn.deps, turn.actor)),
  );
}
