import { ErrorCode } from '../../domain/error-codes';
import { DomainError } from '../../domain/errors';
import { PROGRAMME_CIRCUIT } from '../../domain/ballots/circuit';
import { toCsv } from '../../domain/csv';
import { NEED_STATUS_LABELS } from '../../domain/needs/need';
import { csvEuros } from '../../domain/needs/money';
import { LocalDate } from '../../domain/meetings/zoned-time';
import { PROCEDURE_LABELS, Procedure, Programme, editItem, itemsFrom } from '../../domain/needs/programme';
import { authorize } from '../../domain/permissions';
import { startCircuit } from '../ballots/circuit-flow';
import { Actor, requirePerson } from '../identify-actor';
import { ServedFile } from '../meetings/sitting-files';
import { AppDeps } from '../ports';
import { campaignOf } from './member-needs';

/** The coordinator turns the retained needs into programme items (one per segment), built again on demand. */
export async function buildProgramme(
  deps: Pick<AppDeps, 'needs' | 'clock'>,
  actor: Actor,
  campaignId: string,
): Promise<Programme> {
  const person = requirePerson(actor);
  authorize(person, 'campaign.manage');
  const c = await campaignOf(deps, actor, campaignId);
  const existing = await deps.needs.getProgramme(c.id);
  if (existing?.circuitId)
    throw new DomainError(
      ErrorCode.ProgrammeSubmitted,
      'Ce programme est déjà dans le circuit de validation : il ne se reconstruit plus.',
    );
  const items = itemsFrom(await deps.needs.needs(c.id), actor.centrale?.holidayCalendar);
  if (items.length === 0)
    throw new DomainError(
      ErrorCode.NoRetainedNeed,
      'Aucun besoin n’est encore retenu : qualifiez les besoins d’abord.',
    );
  const programme: Programme = {
    campaignId: c.id,
    centraleId: c.centraleId,
    title: `Programmation — ${c.title}`,
    items,
    circuitId: null,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: person.key,
  };
  await deps.needs.saveProgramme(programme);
  return programme;
}

/** What the coordination may change on one item of the programme. */
export interface ProgrammeItemEdit {
  campaignId: string;
  itemId: string;
  fileName: string;
  procedure: Procedure;
  wishedStart: string;
  plannedLaunch: string;
}

export async function editProgrammeItem(
  deps: Pick<AppDeps, 'needs' | 'clock'>,
  actor: Actor,
  input: ProgrammeItemEdit,
  today: LocalDate,
): Promise<Programme> {
  const person = requirePerson(actor);
  authorize(person, 'campaign.manage');
  const c = await campaignOf(deps, actor, input.campaignId);
  return deps.needs.updateProgramme(c.id, (p) => {
    if (p.circuitId)
      throw new DomainError(
        ErrorCode.ProgrammeSubmitted,
        'Ce programme est dans le circuit de validation : il ne se modifie plus.',
      );
    const item = p.items.find((i) => i.id === input.itemId);
    if (!item)
      throw new DomainError(ErrorCode.UnknownItem, 'Cette ligne du programme est introuvable : rouvrez la carte.');
    const edited = editItem(item, input, today, actor.centrale?.holidayCalendar);
    return {
      ...p,
      items: p.items.map((i) => (i.id === item.id ? edited : i)),
      updatedAt: deps.clock.now().toISOString(),
      updatedBy: person.key,
    };
  });
}

/** Hands the programme to the validation circuit (the votes issue), with the programme's CSV as document. */
export async function submitProgramme(
  deps: Pick<
    AppDeps,
    'governance' | 'needs' | 'ballots' | 'circuits' | 'outbox' | 'clock' | 'wake' | 'timers' | 'presenters'
  >,
  actor: Actor,
  input: { campaignId: string; programmeLink: string; serviceUrl: string | null },
): Promise<string> {
  const c = await campaignOf(deps, actor, input.campaignId);
  const p = await deps.needs.getProgramme(c.id);
  if (!p) throw new DomainError(ErrorCode.NoProgramme, 'Construisez d’abord le programme.');
  if (p.circuitId) return p.circuitId;
  const instances = await deps.governance.listInstances(c.centraleId);
  const stages = PROGRAMME_CIRCUIT.filter((s) => instances.some((i) => i.id === s.instanceId && i.members.length > 0));
  const circuitId = `circuit-${c.id}`;
  await startCircuit(deps, actor, {
    id: circuitId,
    subjectKind: 'programme',
    subject: p.title,
    links: [input.programmeLink],
    voteDays: 7,
    stages,
    serviceUrl: input.serviceUrl,
  });
  await deps.needs.updateProgramme(c.id, (x) => ({ ...x, circuitId }));
  return circuitId;
}

/** Every need of the campaign, for Excel (French headers, `;`, BOM). */
export async function needsCsv(
  deps: Pick<AppDeps, 'needs' | 'governance'>,
  campaignId: string,
): Promise<ServedFile | null> {
  const c = await deps.needs.getCampaign(campaignId);
  if (!c) return null;
  const members = await deps.governance.listMembers(c.centraleId);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const rows = (await deps.needs.needs(c.id)).map((n) => [
    n.id,
    nameOf(n.memberId),
    n.segment,
    n.description,
    n.quantity.replace('.', ','),
    n.unit,
    csvEuros(n.annualCents),
    csvEuros(n.totalCents),
    n.wishedStart,
    n.durationMonths,
    n.currentContractEnd ?? '',
    n.currentSupplier,
    csvEuros(n.currentPriceCents),
    n.constraints,
    n.clauses,
    n.commitment === 'ferme' ? 'ferme' : 'indicatif',
    NEED_STATUS_LABELS[n.status],
    n.mergedInto ?? '',
  ]);
  const body = toCsv(
    [
      'Besoin',
      'Adhérent',
      'Segment',
      'Description',
      'Quantité',
      'Unité',
      'Montant annuel HT (€)',
      'Montant total HT (€)',
      'Début souhaité',
      'Durée (mois)',
      'Fin du contrat actuel',
      'Fournisseur actuel',
      'Prix actuel HT (€)',
      'Contraintes et lieux',
      'Clauses environnementales et sociales',
      'Engagement',
      'Statut',
      'Fusionné avec',
    ],
    rows,
  );
  return { filename: `besoins-${c.id.slice(-8)}.csv`, contentType: 'text/csv; charset=utf-8', body };
}

export async function programmeCsv(
  deps: Pick<AppDeps, 'needs' | 'governance'>,
  campaignId: string,
): Promise<ServedFile | null> {
  const p = await deps.needs.getProgramme(campaignId);
  if (!p) return null;
  const members = await deps.governance.listMembers(p.centraleId);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const rows = p.items.map((i) => [
    i.fileName,
    i.segment,
    csvEuros(i.consolidatedCents),
    i.memberIds.map(nameOf).join(', '),
    PROCEDURE_LABELS[i.procedure],
    i.plannedLaunch,
    i.wishedStart,
    i.retroplanning.map((s) => `${s.step} : ${s.date}`).join(' | '),
  ]);
  const body = toCsv(
    [
      'Dossier d’achat',
      'Segment',
      'Montant consolidé HT (€)',
      'Adhérents participants',
      'Procédure',
      'Lancement prévu',
      'Début d’exécution',
      'Rétroplanning',
    ],
    rows,
  );
  return { filename: `programme-${campaignId.slice(-8)}.csv`, contentType: 'text/csv; charset=utf-8', body };
}
