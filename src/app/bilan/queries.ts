import {
  CentraleReview,
  ContractReview,
  ContractReviewInput,
  MemberReview,
  SatisfactionInput,
  Window,
  centraleReview,
  centraleWindows,
  contractReview,
  contractWindows,
  memberReview,
} from '../../domain/bilan/indicators';
import { yearPeriod } from '../../domain/bilan/periods';
import { contractLastDay } from '../../domain/bilan/economics';
import { Contract } from '../../domain/disputes/registry';
import { DomainError } from '../../domain/errors';
import { ErrorCode } from '../../domain/error-codes';
import { Member, referentMemberOf } from '../../domain/governance';
import { localDay } from '../../domain/local-date';
import { authorize } from '../../domain/permissions';
import { Actor, requirePerson } from '../identify-actor';
import { AppDeps } from '../ports';
import { zoneOfCentrale } from '../time-zone';

type Deps = Pick<AppDeps, 'governance' | 'disputes' | 'consumption' | 'surveys' | 'clock'>;

/**
 * The bilan des marchés as the cards and documents show it: the reviews of the domain
 * (`domain/bilan/indicators.ts`) over the data the bot holds — the contracts and their
 * economics, the suppliers' consumption reports, the disputes, the surveys about a contract.
 */
export interface BilanData {
  centraleId: string;
  centraleName: string;
  timeZone: string;
  members: Member[];
  /** Every contract of the centrale (the windows are made from them). */
  contracts: Contract[];
  /** The centrale's local date today. */
  today: string;
}

/** The centrale, its members and contracts (all, or the one named): what the windows are chosen from. */
export async function loadBilanData(deps: Deps, centraleId: string, contractId?: string): Promise<BilanData> {
  const [centrale, members, contracts, timeZone] = await Promise.all([
    deps.governance.getCentrale(centraleId),
    deps.governance.listMembers(centraleId),
    contractId
      ? deps.disputes.getContract(centraleId, contractId).then((c) => (c ? [c] : []))
      : deps.disputes.listContracts(centraleId),
    zoneOfCentrale(deps, centraleId),
  ]);
  if (!centrale) throw new DomainError(ErrorCode.UnknownCentrale, 'Centrale introuvable.');
  return {
    centraleId,
    centraleName: centrale.name,
    timeZone,
    members,
    contracts,
    today: localDay(deps.clock.now(), timeZone),
  };
}

/**
 * The review inputs of `contracts` over a window: the consumption reports and the disputes of
 * that window only (one query per file, one for the reports), and the surveys about them.
 */
export async function reviewInputs(
  deps: Deps,
  centraleId: string,
  contracts: Contract[],
  window: Window,
): Promise<ContractReviewInput[]> {
  // Only the contracts that ran in the window, and their files: never every contract's disputes ever.
  const running = contracts.filter((c) => c.startDate <= window.to && contractLastDay(c, c.economics) >= window.from);
  const files = [...new Set(running.map((c) => c.fileId))];
  const [reports, disputes, surveys] = await Promise.all([
    running.length ? deps.consumption.listReports(centraleId, { from: window.from, to: window.to }) : [],
    Promise.all(files.map((f) => deps.disputes.listDisputes(f, window))).then((x) => x.flat()),
    running.length ? deps.surveys.listAboutContracts(centraleId) : [],
  ]);
  const ids = new Set(running.map((c) => c.id));
  // The surveys about these contracts that closed in the window, each with its responses.
  const about = await Promise.all(
    surveys
      .filter((s) => s.contractId && ids.has(s.contractId) && s.deadline >= window.from && s.deadline <= window.to)
      .map(async (s) => ({ s, responses: await deps.surveys.responses(s.id) })),
  );
  const satisfactionOf = (contractId: string): SatisfactionInput | null => {
    const mine = about.filter((a) => a.s.contractId === contractId);
    return mine.length
      ? mine.map((a) => ({
          ratings: a.responses.flatMap((r) => r.ratings),
          answers: a.responses.length,
          threshold: a.s.anonymityThreshold ?? 0,
        }))
      : null;
  };
  return running.map((contract) => ({
    contract,
    reports: reports.filter((r) => r.contractId === contract.id),
    disputes: disputes.filter((d) => d.contractId === contract.id),
    satisfaction: satisfactionOf(contract.id),
  }));
}

/** The window a key names among those offered (or a year asked for); by default the current local year (or the last offered). */
export function pickWindow(windows: Window[], key: string | undefined, today: string): Window {
  const asked = key ? windows.find((w) => w.key === key) : undefined;
  if (asked) return asked;
  // A year asked for that no contract ran in: that year, with nothing in it, not another one.
  if (key && /^\d{4}$/.test(key) && Number(key) >= 2000 && Number(key) <= 2100) return yearPeriod(Number(key));
  const year = today.slice(0, 4);
  return (
    windows.find((w) => w.key === year) ?? windows.filter((w) => w.key !== 'duree').at(-1) ?? yearPeriod(Number(year))
  );
}

export interface CentraleBilanView {
  data: BilanData;
  windows: Window[];
  review: CentraleReview;
  /** What the review was computed from (the documents list the reports' lines). */
  inputs: ContractReviewInput[];
}

/**
 * The reviews without an actor, for what was authorised before: a card's view checks who asks
 * and calls these; a signed link's chart or document was made for one person who could, and its
 * signature is the permission. One way to pick the window and read the data for all of them.
 */
export async function centraleBilanOf(deps: Deps, centraleId: string, windowKey?: string): Promise<CentraleBilanView> {
  const data = await loadBilanData(deps, centraleId);
  const windows = centraleWindows(data.contracts);
  const window = pickWindow(windows, windowKey, data.today);
  const inputs = await reviewInputs(deps, data.centraleId, data.contracts, window);
  return { data, windows, inputs, review: centraleReview(inputs, window, deps.clock.now(), data.timeZone) };
}

/** The centrale's bilan over a window (a year, or all contracts' duration). */
export async function centraleBilanView(deps: Deps, actor: Actor, windowKey?: string): Promise<CentraleBilanView> {
  const person = requirePerson(actor);
  authorize(person, 'bilan.view');
  return centraleBilanOf(deps, person.centraleId, windowKey);
}

export interface ContractBilanView {
  data: BilanData;
  windows: Window[];
  review: ContractReview;
}

/** One contract's bilan over a window; null when the centrale has no such contract. */
export async function contractBilanOf(
  deps: Deps,
  centraleId: string,
  contractId: string,
  windowKey?: string,
): Promise<ContractBilanView | null> {
  // One point read of the contract; another centrale's id is not found in this one's partition.
  const data = await loadBilanData(deps, centraleId, contractId);
  const contract = data.contracts.find((c) => c.id === contractId);
  if (!contract) return null;
  const windows = contractWindows(contract);
  const window = pickWindow(windows, windowKey, data.today);
  const [input = { contract, reports: [], disputes: [], satisfaction: null }] = await reviewInputs(
    deps,
    data.centraleId,
    [contract],
    window,
  );
  return { data, windows, review: contractReview(input, window, deps.clock.now(), data.timeZone) };
}

/** One contract's bilan over a window (a year it ran, or its whole duration). */
export async function contractBilanView(
  deps: Deps,
  actor: Actor,
  contractId: string,
  windowKey?: string,
): Promise<ContractBilanView> {
  const person = requirePerson(actor);
  authorize(person, 'bilan.view');
  const view = await contractBilanOf(deps, person.centraleId, contractId, windowKey);
  if (!view) throw new DomainError(ErrorCode.UnknownContract, 'Ce marché n’existe pas (ou plus) dans votre centrale.');
  return view;
}

export interface MemberBilanView {
  data: BilanData;
  windows: Window[];
  member: Member;
  review: MemberReview;
}

/** One commune's figures over a window; null when it is not an adhérent of the centrale. */
export async function memberBilanOf(
  deps: Deps,
  centraleId: string,
  memberId: string | undefined,
  windowKey?: string,
): Promise<MemberBilanView | null> {
  const data = await loadBilanData(deps, centraleId);
  const member = data.members.find((m) => m.id === memberId);
  if (!member) return null;
  const used = data.contracts.filter((c) => c.memberIds.includes(member.id));
  const windows = centraleWindows(used);
  const window = pickWindow(windows, windowKey, data.today);
  const inputs = await reviewInputs(deps, data.centraleId, used, window);
  const review = memberReview(centraleReview(inputs, window, deps.clock.now(), data.timeZone), member.id);
  return { data, windows, member, review };
}

/**
 * « Ce que votre commune a économisé »: a référent's own commune, and nothing of another's.
 * Someone with `bilan.view` may name a member; a référent gets their own whatever they name.
 */
export async function memberBilanView(
  deps: Deps,
  actor: Actor,
  input: { memberId?: string; windowKey?: string },
): Promise<MemberBilanView> {
  const person = requirePerson(actor);
  const own = referentMemberOf(person);
  if (!own) authorize(person, 'bilan.view');
  const view = await memberBilanOf(deps, person.centraleId, own ?? input.memberId, input.windowKey);
  if (!view)
    throw new DomainError(
      ErrorCode.UnknownMember,
      'Cette commune n’est pas adhérente de votre centrale : choisissez-la dans la liste.',
    );
  return view;
}
