import { randomUUID } from 'crypto';
import { RegistryView } from '../../app/disputes/registry-view';
import { CATEGORIES, DisputeErrors } from '../../domain/disputes/dispute';
import { Contract } from '../../domain/disputes/registry';
import { LocalDate, formatLocalDate } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { NO_BACK } from '../back';
import { ReportForm } from './forms';
import { count } from '../../domain/french-text';

/** What was typed in « Nouveau dossier » or « Nouveau marché », sent back with a refusal. */
export interface RegistryTyped {
  file?: Partial<Record<'title' | 'segment' | 'coordinatorKey' | 'memberKeys', string>>;
  contract?: Partial<
    Record<'fileId' | 'number' | 'title' | 'supplier' | 'lots' | 'startDate' | 'endDate' | 'memberIds', string>
  >;
}

/**
 * The registry: the files with their contracts, and the forms to add a file or a contract. A
 * refused form comes back filled with what was typed, and the refusal says where to find it.
 */
export function registryCard(
  { files, contracts, members, people, coordinatorDefault }: RegistryView,
  banner = '',
  error = '',
  typed: RegistryTyped = {},
): CardJson {
  const nameOf = (k: string) => people.find((p) => p.key === k)?.displayName ?? k;
  const f = error ? (typed.file ?? {}) : {};
  const c = error ? (typed.contract ?? {}) : {};
  const kept = !error
    ? ''
    : typed.contract
      ? ' Ce que vous avez saisi est gardé : rouvrez « Nouveau marché ».'
      : typed.file
        ? ' Ce que vous avez saisi est gardé : rouvrez « Nouveau dossier ».'
        : '';
  return renderCard('registry.card', {
    typedFile: {
      title: f.title ?? '',
      segment: f.segment ?? '',
      coordinatorKey: f.coordinatorKey || coordinatorDefault,
      memberKeys: f.memberKeys ?? '',
    },
    typedContract: {
      fileId: c.fileId ?? '',
      number: c.number ?? '',
      title: c.title ?? '',
      supplier: c.supplier ?? '',
      lots: c.lots ?? '',
      startDate: c.startDate ?? '',
      endDate: c.endDate ?? '',
      memberIds: c.memberIds ?? '',
    },
    banner: cardText(banner),
    files: files.map((f) => ({
      title: cardText(f.title),
      detail: cardText(
        `${f.segment || 'segment non précisé'} · coordination : ${nameOf(f.coordinatorKey)} · Comité Opérationnel (« lier » dans son canal)`,
      ),
      // Each contract with « Prix et volumes » (its economics: the bilan des marchés).
      contracts: contracts
        .filter((c) => c.fileId === f.id)
        .map((c) => ({
          text: cardText(
            `${c.number} — ${c.title} (${c.supplier}), ${count(c.memberIds.length, 'adhérent', 'adhérents')}`,
          ),
          economics: c.economics
            ? `Prix et volumes saisis : ${count(c.economics.forecasts.length, 'prévision', 'prévisions')}, ${count(c.economics.renewals.length, 'reconduction', 'reconductions')}.`
            : 'Prix et volumes à saisir.',
          contractId: c.id,
        })),
    })),
    people: people.map((p) => ({ title: cardText(p.displayName), value: p.key })),
    coordinatorDefault,
    fileChoices: files.map((f) => ({ title: cardText(f.title), value: f.id })),
    members: members.map((m) => ({ title: cardText(m.name), value: m.id })),
    error: error ? cardText(error + kept) : '',
  });
}

const FIELDS = ['contractId', 'category', 'factsDate', 'reference', 'description', 'severity', 'links'] as const;
/** The form's errors: the domain's, and a text over its limit (the reference has no other). */
export type ReportFormErrors = DisputeErrors & { reference?: string };

/**
 * The report form, blank or sent back with what was typed and the errors. A new form gets a new
 * draftId; one sent back keeps its own, so that sending it again finishes the same report.
 */
export function reportFormCard(
  contracts: Contract[],
  today: LocalDate,
  values: Partial<ReportForm> = {},
  errors: ReportFormErrors = {},
): CardJson {
  return renderCard('dispute.form', {
    // « Annuler »: back to the card this form replaced (none when a command opened it).
    back: NO_BACK,
    contractId: values.contractId ?? contracts[0]!.id,
    contracts: contracts.map((c) => ({ title: cardText(`${c.number} — ${c.title} (${c.supplier})`), value: c.id })),
    category: values.category ?? 'retard',
    categories: Object.entries(CATEGORIES).map(([value, title]) => ({ title, value })),
    factsDate: values.factsDate || formatLocalDate(today),
    reference: values.reference ?? '',
    description: values.description ?? '',
    severity: values.severity ?? 'moyenne',
    links: values.links ?? '',
    draftId: values.draftId || randomUUID(),
    errors: Object.fromEntries(FIELDS.map((f) => [f, errors[f] ? cardText(errors[f]!) : ''])),
  });
}
