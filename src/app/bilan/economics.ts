import {
  EconomicsErrors,
  EconomicsTyped,
  economicsField,
  parseEconomics,
  typedEuros,
  typedOf,
  typedQuantity,
} from '../../domain/bilan/economics-form';
import { forecastsFromNeeds, segmentMatches } from '../../domain/bilan/forecasts';
import { Contract, PurchaseFile } from '../../domain/disputes/registry';
import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { frenchQuantity } from '../../domain/french-format';
import { count } from '../../domain/french-text';
import { Campaign } from '../../domain/needs/need';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'needs' | 'clock'>;

/** The contract economics form: what it shows, filled (stored, proposed from needs, or as typed). */
export interface EconomicsForm {
  contract: Contract;
  file: PurchaseFile | null;
  /** The contract's members, in its order, by name: one row each. */
  members: Array<{ id: string; name: string }>;
  typed: EconomicsTyped;
  errors: EconomicsErrors;
  /** The campaign the forecasts were taken from (carried by « Enregistrer »), if any. */
  campaignId: string | null;
  /** The latest campaign whose segments include the file's: « Reprendre les besoins de la campagne X ». */
  offer: { campaignId: string; title: string } | null;
  /** The needs of the campaign that could not be taken (another unit), in French. */
  unused: string[];
  /** What just happened, in French (empty when nothing). */
  banner: string;
  /** Whether the forecasts were just taken from a campaign (to be checked before saving). */
  proposed: boolean;
}

async function load(deps: Deps, actor: Actor, contractId: string) {
  const person = requirePerson(actor);
  authorize(person, 'registry.manage');
  const contract = await deps.disputes.getContract(person.centraleId, contractId);
  if (!contract) throw new DomainError(ErrorCode.UnknownContract);
  const [file, members, campaigns] = await Promise.all([
    deps.disputes.getFile(person.centraleId, contract.fileId),
    deps.governance.listMembers(person.centraleId),
    deps.needs.listCampaigns(person.centraleId),
  ]);
  const segment = file?.segment ?? '';
  const latest = segment
    ? (campaigns
        .filter((c) => c.segments.some((s) => segmentMatches(s, segment)))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null)
    : null;
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  return {
    centraleId: person.centraleId,
    contract,
    file,
    segment,
    members: contract.memberIds.map((id) => ({ id, name: nameOf(id) })),
    nameOf,
    offer: latest ? { campaignId: latest.id, title: latest.title } : null,
  };
}
type Loaded = Awaited<ReturnType<typeof load>>;

/** A campaign of the actor's centrale that recenses the file's segment, or a refusal. */
async function campaignFor(
  deps: Deps,
  l: Loaded,
  campaignId: string,
): Promise<{ campaign: Campaign; segment: string }> {
  const campaign = await deps.needs.getCampaign(campaignId);
  if (!campaign || campaign.centraleId !== l.centraleId) throw new DomainError(ErrorCode.UnknownCampaign);
  const segment = campaign.segments.find((s) => segmentMatches(s, l.segment));
  if (!segment)
    throw new DomainError(
      ErrorCode.UnknownCampaign,
      `La campagne « ${campaign.title} » ne recense pas le segment du dossier (« ${l.segment || 'non précisé'} »).`,
    );
  return { campaign, segment };
}

const formOf = (l: Loaded, over: Partial<EconomicsForm>): EconomicsForm => ({
  contract: l.contract,
  file: l.file,
  members: l.members,
  typed: typedOf(l.contract.economics ?? null, l.contract.memberIds),
  errors: {},
  campaignId: l.contract.economics?.campaignId ?? null,
  offer: l.offer,
  unused: [],
  banner: '',
  proposed: false,
  ...over,
});

/**
 * « Prix et volumes » of a contract, for those who keep the registry: prefilled from its
 * economics, or when it has none proposed from the latest campaign of its file's segment; with
 * `campaignId`, the forecasts (volumes, baselines, suppliers) taken from that campaign's
 * consolidated needs, what else was typed (`typed`) kept.
 */
export async function economicsForm(
  deps: Deps,
  actor: Actor,
  input: {
    contractId: string;
    /** Take the forecasts from this campaign's needs. */
    campaignId?: string;
    typed?: EconomicsTyped;
    /** The campaign the typed forecasts came from (a form shown again as typed). */
    from?: string;
  },
): Promise<EconomicsForm> {
  const l = await load(deps, actor, input.contractId);
  const typed = input.typed ? { ...input.typed } : typedOf(l.contract.economics ?? null, l.contract.memberIds);
  // A contract without economics opens with the latest campaign's needs proposed.
  const campaignId = input.campaignId ?? (!input.typed && !l.contract.economics ? l.offer?.campaignId : undefined);
  if (!campaignId) return formOf(l, { typed, ...(input.typed ? { campaignId: input.from || null } : {}) });
  const { campaign, segment } = await campaignFor(deps, l, campaignId);
  const typedUnit = (typed.unit ?? '').trim();
  const proposal = forecastsFromNeeds(
    await deps.needs.needs(campaign.id),
    { memberIds: l.contract.memberIds, ...(typedUnit ? { economics: { unit: typedUnit } } : {}) },
    segment,
  );
  for (const m of l.contract.memberIds) {
    const f = proposal.forecasts.find((x) => x.memberId === m);
    typed[economicsField.volume(m)] = f ? typedQuantity(f.annualQuantity) : '';
    typed[economicsField.reference(m)] = typedEuros(f?.referenceAnnualCents ?? null);
    typed[economicsField.supplier(m)] = f?.referenceSupplier ?? '';
  }
  typed.unit = typedUnit || proposal.unit;
  const taken = proposal.forecasts.length;
  return formOf(l, {
    typed,
    campaignId: campaign.id,
    proposed: true,
    banner: taken
      ? `Besoins de la campagne « ${campaign.title} » repris : ${count(taken, 'adhérent', 'adhérents')} sur ${l.members.length} (segment « ${segment} »). Vérifiez-les, puis enregistrez.`
      : `La campagne « ${campaign.title} » n’a aucun besoin retenu de ces adhérents pour le segment « ${segment} » : rien n’est repris.`,
    unused: proposal.unused.map(
      (u) =>
        `Non repris, en ${u.unit} et non en ${proposal.unit} : ${l.nameOf(u.memberId)} — ${u.description} (${frenchQuantity(u.quantity, u.unit)}).`,
    ),
  });
}

/**
 * « Enregistrer »: the typed form becomes the contract's economics. Bad input changes nothing:
 * the form comes back with what was typed and the errors per field.
 */
export async function saveEconomics(
  deps: Deps,
  actor: Actor,
  input: { contractId: string; typed: EconomicsTyped; campaignId?: string },
): Promise<{ ok: boolean; form: EconomicsForm }> {
  const l = await load(deps, actor, input.contractId);
  let needIds: Record<string, string | null> = {};
  const campaignId = input.campaignId || null;
  if (campaignId) {
    const { campaign, segment } = await campaignFor(deps, l, campaignId);
    const proposal = forecastsFromNeeds(await deps.needs.needs(campaign.id), l.contract, segment);
    needIds = Object.fromEntries(proposal.forecasts.map((f) => [f.memberId, f.needId]));
  }
  const parsed = parseEconomics(input.typed, l.contract, { campaignId, needIds });
  if (!parsed.ok)
    return {
      ok: false,
      form: formOf(l, { typed: input.typed, errors: parsed.errors, campaignId }),
    };
  const contract: Contract = { ...l.contract, economics: parsed.economics };
  await deps.disputes.saveContract(contract);
  return {
    ok: true,
    form: formOf(
      { ...l, contract },
      {
        banner: `Prix et volumes du marché ${contract.number} enregistrés : ${count(parsed.economics.forecasts.length, 'prévision', 'prévisions')} d’adhérent, ${parsed.economics.renewals.length ? count(parsed.economics.renewals.length, 'reconduction', 'reconductions') : 'aucune reconduction'}.`,
      },
    ),
  };
}
