import { randomUUID } from 'crypto';
import { z } from 'zod';
import { DISPUTE_OVERDUE_JOB, escalateIfOverdue, handleDispute, reportDispute, usableContracts } from '../../app/disputes/disputes';
import { createPurchaseFile, saveContract } from '../../app/disputes/registry';
import { requirePerson } from '../../app/identify-actor';
import { disputeBilan } from '../../domain/disputes/bilan';
import { CATEGORIES, HandlingAction, similarTo } from '../../domain/disputes/dispute';
import { DomainError, isDomainError } from '../../domain/errors';
import { formatLocalDate } from '../../domain/meetings/zoned-time';
import { authorize } from '../../domain/permissions';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { BotDeps, Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { DisputeContext, bilanCard, committeeCard, disputePresenter, reporterCard } from './views';
import { commaList, draftIdField, lines, optionalText, todayOf } from '../form-fields';


async function contextOf(deps: BotDeps, centraleId: string): Promise<DisputeContext & { presenter: ReturnType<typeof disputePresenter> }> {
  const [contracts, members, people, files] = await Promise.all([deps.disputes.listContracts(centraleId), deps.governance.listMembers(centraleId), deps.governance.listPeople(centraleId), deps.disputes.listFiles(centraleId)]);
  const ctx = { contracts, members, people };
  return { ...ctx, presenter: disputePresenter(ctx, (d) => people.find((p) => p.key === files.find((f) => f.id === d.fileId)?.coordinatorKey) ?? null) };
}

async function registryCard(turn: Turn, banner = '', error = ''): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  authorize(person, 'registry.manage');
  const [files, contracts, members, people] = await Promise.all([
    turn.deps.disputes.listFiles(person.centraleId),
    turn.deps.disputes.listContracts(person.centraleId),
    turn.deps.governance.listMembers(person.centraleId),
    turn.deps.governance.listPeople(person.centraleId),
  ]);
  const nameOf = (k: string) => people.find((p) => p.key === k)?.displayName ?? k;
  return renderCard('registry.card', {
    banner: cardText(banner),
    files: files.map((f) => ({
      title: cardText(f.title),
      detail: cardText(`${f.segment || 'segment non précisé'} · coordination : ${nameOf(f.coordinatorKey)} · Comité Opérationnel (« lier » dans son canal)`),
      contracts: contracts.filter((c) => c.fileId === f.id).map((c) => cardText(`${c.number} — ${c.title} (${c.supplier}), ${c.memberIds.length} adhérent${c.memberIds.length > 1 ? 's' : ''}`)).join('\r'),
    })),
    people: people.map((p) => ({ title: cardText(p.displayName), value: p.key })),
    coordinatorDefault: person.key,
    fileChoices: files.map((f) => ({ title: cardText(f.title), value: f.id })),
    members: members.map((m) => ({ title: cardText(m.name), value: m.id })),
    error: error ? cardText(error) : '',
  });
}

async function onRegistry(turn: Turn, act: () => Promise<string>): Promise<CardJson> {
  try {
    return registryCard(turn, await act());
  } catch (e) {
    if (!isDomainError(e) || e.code === 'forbidden' || e.code === 'not-registered') throw e;
    return registryCard(turn, '', e.userMessage);
  }
}

async function reportForm(turn: Turn, values: Record<string, string> = {}, errors: Record<string, string> = {}): Promise<CardJson> {
  const contracts = await usableContracts(turn.deps, turn.actor);
  if (contracts.length === 0) throw new DomainError('no-contract', 'Votre commune n’utilise aucun marché enregistré : rien à signaler ici. La Direction Achats tient la liste des marchés.');
  const fields = ['contractId', 'category', 'factsDate', 'description', 'severity', 'links'] as const;
  return renderCard('dispute.form', {
    contractId: values.contractId ?? contracts[0]!.id,
    contracts: contracts.map((c) => ({ title: cardText(`${c.number} — ${c.title} (${c.supplier})`), value: c.id })),
    category: values.category ?? 'retard',
    categories: Object.entries(CATEGORIES).map(([value, title]) => ({ title, value })),
    factsDate: values.factsDate || formatLocalDate(todayOf(turn)),
    reference: values.reference ?? '',
    description: values.description ?? '',
    severity: values.severity ?? 'moyenne',
    links: values.links ?? '',
    draftId: values.draftId || randomUUID(),
    errors: Object.fromEntries(fields.map((f) => [f, errors[f] ? cardText(errors[f]!) : ''])),
  });
}

const reportData = z.object({ draftId: draftIdField, contractId: optionalText(100), category: optionalText(40), factsDate: optionalText(20), reference: optionalText(100), description: optionalText(4000), severity: optionalText(20), links: optionalText(2000) });

async function report(turn: Turn, data: z.infer<typeof reportData>): Promise<CardJson> {
  const ctx = await contextOf(turn.deps, requirePerson(turn.actor).centraleId);
  const { draftId, ...typed } = data;
  const result = await reportDispute(turn.deps, turn.actor, { ...typed, links: lines(typed.links) }, ctx.presenter, turn.serviceUrl, todayOf(turn), draftId);
  if (!result.ok) return reportForm(turn, { ...typed, ...(draftId ? { draftId } : {}) }, result.errors as Record<string, string>);
  const card = reporterCard(result.dispute, ctx);
  return { ...card, body: [{ type: 'TextBlock', text: `Merci : votre signalement porte la référence ${result.dispute.ref}. Vous serez prévenu·e à chaque étape.`, wrap: true, weight: 'Bolder', color: 'Good' }, ...(card.body as unknown[])] } as CardJson;
}

const actData = z.object({
  fileId: z.string().min(1).max(100),
  disputeId: z.string().min(1).max(100),
  kind: z.enum(['prendre', 'preciser', 'repondre', 'action', 'mettre-en-demeure', 'resoudre', 'rouvrir'], { error: 'Action inconnue : rouvrez la carte.' }),
  text: optionalText(2000),
});

async function act(turn: Turn, d: z.infer<typeof actData>): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const ctx = await contextOf(turn.deps, person.centraleId);
  const action: HandlingAction =
    d.kind === 'prendre' ? { kind: 'prendre' } : d.kind === 'preciser' ? { kind: 'preciser', question: d.text } : d.kind === 'repondre' ? { kind: 'repondre', answer: d.text } : { kind: d.kind, text: d.text };
  const view = async (error = '') => {
    const current = await turn.deps.disputes.get(d.fileId, d.disputeId);
    if (!current || current.centraleId !== person.centraleId) throw new DomainError('unknown-dispute', 'Ce litige est introuvable dans votre centrale.');
    if (d.kind === 'repondre') return reporterCard(current, ctx, error);
    const file = await turn.deps.disputes.getFile(current.centraleId, current.fileId);
    const similar = similarTo(current, await turn.deps.disputes.listByCentrale(current.centraleId));
    return committeeCard(current, similar, ctx, ctx.people.find((p) => p.key === file?.coordinatorKey) ?? null, error);
  };
  try {
    await handleDispute(turn.deps, turn.actor, { fileId: d.fileId, disputeId: d.disputeId, action }, ctx.presenter);
  } catch (e) {
    if (!isDomainError(e) || ['unknown-dispute', 'not-committee', 'not-reporter'].includes(e.code)) throw e;
    return view(e.userMessage);
  }
  return view();
}

async function bilan(turn: Turn): Promise<CardJson> {
  const person = requirePerson(turn.actor);
  const [disputes, contracts] = await Promise.all([turn.deps.disputes.listByCentrale(person.centraleId), turn.deps.disputes.listContracts(person.centraleId)]);
  return bilanCard(disputeBilan(disputes, contracts, turn.deps.clock.now(), turn.deps.disputeDelaysH), disputes);
}

export function registerDisputes(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add(['litige', 'signaler', 'réclamation'], async (turn) => turn.reply(await reportForm(turn)));
  commands.add(['dossiers', 'marchés', 'marches'], async (turn) => turn.reply(await registryCard(turn)));
  commands.add(['bilan'], async (turn) => turn.reply(await bilan(turn)));
  verbs.add('dispute.report', reportData, report);
  verbs.add('dispute.act', actData, act);
  verbs.add('disputes.bilan', z.object({}).loose(), (turn) => bilan(turn));
  verbs.add('registry.file.save', z.object({ title: optionalText(200), segment: optionalText(200), coordinatorKey: optionalText(300), memberKeys: optionalText(10_000) }), (turn, d) =>
    onRegistry(turn, async () => {
      const f = await createPurchaseFile(turn.deps, turn.actor, { ...d, memberKeys: commaList(d.memberKeys) });
      return `Dossier « ${f.title} » créé, avec son Comité Opérationnel. Liez-lui un canal : tapez « lier » dans ce canal.`;
    }),
  );
  verbs.add(
    'registry.contract.save',
    z.object({ fileId: optionalText(100), number: optionalText(60), title: optionalText(200), supplier: optionalText(200), lots: optionalText(500), startDate: optionalText(20), endDate: optionalText(20), memberIds: optionalText(5000) }),
    (turn, d) =>
      onRegistry(turn, async () => {
        const c = await saveContract(turn.deps, turn.actor, { ...d, lots: commaList(d.lots), memberIds: commaList(d.memberIds) });
        return `Marché ${c.number} enregistré.`;
      }),
  );
}

export function disputeJobs(deps: BotDeps): Record<string, (payload: Record<string, unknown>) => Promise<void>> {
  return {
    [DISPUTE_OVERDUE_JOB]: async (p) => {
      const payload = z.object({ fileId: z.string(), disputeId: z.string(), what: z.enum(['takeCharge', 'resolve']) }).parse(p);
      const d = await deps.disputes.get(payload.fileId, payload.disputeId);
      if (d) await escalateIfOverdue(deps, payload, (await contextOf(deps, d.centraleId)).presenter);
    },
  };
}
