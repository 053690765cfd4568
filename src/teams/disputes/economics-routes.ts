import { z } from 'zod';
import { economicsForm, saveEconomics } from '../../app/bilan/economics';
import { registryView } from '../../app/disputes/registry-view';
import { EconomicsTyped } from '../../domain/bilan/economics-form';
import { CommandRouter } from '../command-router';
import { limitedText } from '../form-fields';
import { VerbRouter, backTo } from '../verb-router';
import { economicsCard } from './economics-views';
import { registryCard } from './form-views';

const ref = { contractId: z.string().min(1).max(200), campaignId: z.string().max(200).optional() };
/** The form's fields (`unit`, `volume_<member>`, `renewalTo_<n>`…): any number, each a short text. */
const typedFields = limitedText(200, 'Un champ');
/** « Prix et volumes » from the registry; « Reprendre les besoins… » from the form (`keep`: what was typed). */
const editData = z.object({ ...ref, keep: z.literal('oui').optional() }).catchall(typedFields);
const saveData = z.object(ref).catchall(typedFields);

const typedOf = (d: Record<string, unknown>): EconomicsTyped =>
  Object.fromEntries(
    Object.entries(d).filter(
      (e): e is [string, string] => !['contractId', 'campaignId', 'keep'].includes(e[0]) && typeof e[1] === 'string',
    ),
  );

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
          ...(d.campaignId ? { campaignId: d.campaignId } : {}),
          ...(d.keep ? { typed: typedOf(d) } : {}),
        }),
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
