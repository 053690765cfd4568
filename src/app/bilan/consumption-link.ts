import { contractLastDay } from '../../domain/bilan/economics';
import { Contract } from '../../domain/disputes/registry';
import { isDomainError } from '../../domain/errors';
import { localDay } from '../../domain/local-date';
import { can } from '../../domain/permissions';
import { PageLinkRequest, resolvePageLink } from '../files/page-link';
import { SignedLinks } from '../files/signed-links';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { zoneOf } from '../time-zone';
import { importConsumption, managedContract, templateId } from './import-consumption';

/**
 * The page where the Direction Achats imports a supplier's consumption report for one contract:
 * behind a personal signed link (`/lien/consommation/<centrale>~<contract>|<person key>`), made
 * for a person allowed to manage the registry, checked again at each visit (a role removed
 * revokes it). The bilan's contract card offers it (`consumptionPageLink`).
 */
export const CONSUMPTION_PAGE = 'consommation';
/** A link is valid this long from the card that shows it (the card makes a new one each time). */
export const CONSUMPTION_LINK_DAYS = 30;
const DAY = 86_400_000;

type Deps = Parameters<typeof importConsumption>[0];

/** The URL of the import page for this contract, for this person (refused without `registry.manage`). */
export async function consumptionPageLink(
  deps: Pick<AppDeps, 'disputes' | 'clock'> & { links: SignedLinks },
  actor: Actor,
  contractId: string,
): Promise<string> {
  const contract = await managedContract(deps, actor, contractId);
  return deps.links.pageUrl(
    CONSUMPTION_PAGE,
    `${templateId(contract)}|${requirePerson(actor).key}`,
    new Date(deps.clock.now().getTime() + CONSUMPTION_LINK_DAYS * DAY),
  );
}

export type ConsumptionRefusal = 'invalid' | 'expired' | 'unknown' | 'not-allowed';

export type ConsumptionLinkPage =
  | { status: 403 | 404 | 410; refusal: ConsumptionRefusal; message: string }
  | {
      status: 200;
      contract: Contract;
      /** The contract's members, by name. */
      memberNames: string[];
      /** The last day, renewals included. */
      lastDay: string;
      /** The reports kept, by period: label, lines, when imported (local day), from which file. */
      reports: Array<{ label: string; lines: number; importedOn: string; source: string }>;
      templateXlsxUrl: string;
      templateCsvUrl: string;
      /** What was just done, in green (the import's summary). */
      banner: string;
      /** Why it was not done, in red. */
      error: string;
      /** The file's errors, one per line (« Ligne 4 : … »). */
      importErrors: string[];
    };

const REFUSALS: Record<ConsumptionRefusal, { status: 403 | 404 | 410; message: string }> = {
  invalid: {
    status: 403,
    message:
      'Ce lien n’est pas valide : il a pu être coupé ou modifié. Rouvrez-le depuis le bilan du marché dans Teams.',
  },
  expired: {
    status: 410,
    message:
      'Ce lien a expiré : rouvrez le bilan du marché dans Teams et cliquez de nouveau sur « Importer la consommation ».',
  },
  unknown: { status: 404, message: 'Ce marché n’existe plus : il a pu être supprimé du registre.' },
  'not-allowed': {
    status: 403,
    message:
      'Ce lien a été fait pour une personne qui n’est plus enregistrée dans cette centrale, ou qui ne gère plus les marchés : seuls les administrateurs et la Direction Achats importent la consommation.',
  },
};

const refused = (refusal: ConsumptionRefusal): ConsumptionLinkPage => ({ refusal, ...REFUSALS[refusal] });

async function resolve(
  deps: Deps,
  links: SignedLinks,
  request: PageLinkRequest,
): Promise<{ refusal: ConsumptionRefusal } | { actor: Actor; contract: Contract }> {
  const found = await resolvePageLink(deps, links, request, CONSUMPTION_PAGE, {
    load: async (id) => {
      const cut = id.indexOf('~');
      return cut < 0 ? null : deps.disputes.getContract(id.slice(0, cut), id.slice(cut + 1));
    },
    admits: () => true,
  });
  if ('refusal' in found) return { refusal: found.refusal === 'outsider' ? 'not-allowed' : found.refusal };
  if (!can(found.actor.person, 'registry.manage')) return { refusal: 'not-allowed' };
  return { actor: found.actor, contract: found.target };
}

async function pageOf(
  deps: Deps,
  links: SignedLinks,
  actor: Actor,
  contract: Contract,
  opts: { banner?: string; error?: string; importErrors?: string[] } = {},
): Promise<ConsumptionLinkPage> {
  const [members, reports] = await Promise.all([
    deps.governance.listMembers(contract.centraleId),
    deps.consumption.listReports(contract.centraleId, { contractId: contract.id }),
  ]);
  const expiry = new Date(deps.clock.now().getTime() + CONSUMPTION_LINK_DAYS * DAY);
  const zone = zoneOf(actor);
  return {
    status: 200,
    contract,
    memberNames: contract.memberIds.map((id) => members.find((m) => m.id === id)?.name ?? id),
    lastDay: contractLastDay(contract, contract.economics),
    reports: reports
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
      .map((r) => ({
        label: r.label,
        lines: r.lines.length,
        importedOn: localDay(new Date(r.importedAt), zone),
        source: r.source,
      })),
    templateXlsxUrl: links.url('modele-consommation', templateId(contract), expiry),
    templateCsvUrl: links.url('modele-consommation-csv', templateId(contract), expiry),
    banner: opts.banner ?? '',
    error: opts.error ?? '',
    importErrors: opts.importErrors ?? [],
  };
}

/** The page as the link opens it: the contract, the reports already imported, the template, the upload form. */
export async function openConsumptionLink(
  deps: Deps,
  links: SignedLinks,
  request: PageLinkRequest,
): Promise<ConsumptionLinkPage> {
  const found = await resolve(deps, links, request);
  if ('refusal' in found) return refused(found.refusal);
  return pageOf(deps, links, found.actor, found.contract);
}

/**
 * The file sent on the page (multipart): imported whole, or not at all with its errors listed;
 * the page stays usable either way.
 */
export async function importFromConsumptionLink(
  deps: Deps,
  links: SignedLinks,
  request: PageLinkRequest,
  upload?: { filename: string; content: Buffer },
): Promise<ConsumptionLinkPage> {
  const found = await resolve(deps, links, request);
  if ('refusal' in found) return refused(found.refusal);
  const { actor, contract } = found;
  if (!upload)
    return pageOf(deps, links, actor, contract, {
      error: 'Aucun fichier reçu : choisissez le relevé (.xlsx ou .csv), puis « Importer le relevé ».',
    });
  try {
    const r = await importConsumption(deps, actor, {
      contractId: contract.id,
      filename: upload.filename,
      bytes: upload.content,
    });
    return r.ok
      ? pageOf(deps, links, actor, contract, { banner: r.summary })
      : pageOf(deps, links, actor, contract, {
          error:
            'Le relevé n’est pas importé : aucune consommation n’a été enregistrée. Corrigez le fichier, puis envoyez-le de nouveau.',
          importErrors: r.errors,
        });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return pageOf(deps, links, actor, contract, { error: e.userMessage });
  }
}
