import { randomUUID } from 'crypto';
import { personKey } from '../src/domain/identity';
import { COPIL_CHANNEL, DEMO_TENANT, TestUser, USERS, botAdded, cardAction, message } from '../test/support/activities';
import { Harness, cardOf, textOf } from '../test/support/bot-harness';
import { needForm } from '../test/support/scenarios';

/**
 * The ten actions `bench:scale` measures, each pressed as Teams does: a typed command is a
 * message in the person's personal chat, answered when the bot's reply reaches the loopback Bot
 * Connector; a card button is an `adaptiveCard/action` invoke, answered by its HTTP response.
 * Each press returns the visible text of the bot's answer and throws when that answer is not
 * the one the action gives when it works (a refusal, an error card): the bench cannot measure
 * errors without saying so.
 */
export const ACTIONS = [
  'aide',
  'vote',
  'answer',
  'need',
  'dispute_report',
  'dispute_act',
  'programme',
  'coordination',
  'bilan',
  'mes_convocations',
] as const;
export type ActionName = (typeof ACTIONS)[number];

/** Who presses what, and on which live objects (the sitting to come, the open ballot…). */
export interface ScaleContext {
  /** A référent of an adhérent: member of the sitting, voter of the ballot, declares needs and reports disputes. */
  referent: TestUser;
  /** The campaign's coordinator. */
  coordinator: TestUser;
  /** The organiser of the purchasing file's Comité Opérationnel, who handles the dispute. */
  committee: TestUser;
  /** Someone of the centrale who reads the bilan. */
  reader: TestUser;
  sittingId: string;
  ballotId: string;
  campaignId: string;
  contractId: string;
  dispute: { fileId: string; disputeId: string };
}

export interface Driver {
  action: ActionName;
  /** Presses once (`rep` varies what is sent, as a person changing their answer would); the answer's text. */
  press(rep: number): Promise<string>;
}

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const keyOf = (u: TestUser) => personKey(u.tenantId ?? DEMO_TENANT, u.aadObjectId);

/** The text of an invoke's answer: its card, or the message it carries. */
function invokeText(res: { status: number; body: { value?: unknown } | undefined }): string {
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  const value = res.body?.value;
  return typeof value === 'string' ? value : textOf(value);
}

export function drivers(h: Harness, ctx: ScaleContext): Driver[] {
  const url = h.connector.url;
  const invoke = async (user: TestUser, verb: string, data: Record<string, string>) =>
    invokeText(await h.post(cardAction(url, user, verb, data)));
  /** A typed command, answered when the reply to that very message reaches the connector. */
  const say = async (user: TestUser, text: string) => {
    const from = h.connector.calls.length;
    const activity = message(url, user, text);
    const res = await h.post(activity);
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for « ${text} »`);
    const reply = await h.connector.waitFor(
      () =>
        h.connector.calls
          .slice(from)
          // The reply itself, not a typing indicator teams-ai may send first on a slow turn.
          .find(
            (c) =>
              c.method === 'POST' && c.body?.replyToId === activity.id && c.body?.type === 'message' && c.status < 300,
          ),
      30_000,
    );
    return (
      textOf(cardOf(reply.body)) ||
      String(reply.body?.text ?? '') ||
      `(a reply without text: ${JSON.stringify(reply.body).slice(0, 300)})`
    );
  };
  /** The action, and what its answer shows when it worked (`rep` as pressed). */
  const check = (
    action: ActionName,
    press: (rep: number) => Promise<string>,
    shows: (rep: number) => Array<string | RegExp>,
  ): Driver => ({
    action,
    async press(rep) {
      const logged = h.errors.length;
      const text = await press(rep).catch((e: unknown) => {
        throw new Error(`${action}: ${String(e)} ${h.errors.slice(logged).join(' ; ')}`.slice(0, 800));
      });
      const missing = shows(rep).filter((s) => (typeof s === 'string' ? !text.includes(s) : !s.test(text)));
      if (missing.length)
        throw new Error(
          `${action}: the answer lacks ${missing.map(String).join(', ')}, so the action did not work: ${text.slice(0, 400)} ${h.errors.slice(logged).join(' ; ').slice(0, 400)}`,
        );
      return text;
    },
  });
  const choice = (rep: number) => (rep % 2 ? 'Abstention' : 'Pour');
  const answer = (rep: number) => (rep % 2 ? 'distance' : 'present');
  return [
    check(
      'aide',
      () => say(ctx.referent, 'aide'),
      () => ['Ce que je peux faire pour vous', `Bonjour ${ctx.referent.name}`],
    ),
    check(
      'vote',
      (rep) => invoke(ctx.referent, 'ballot.vote', { ballotId: ctx.ballotId, choice: choice(rep) }),
      (rep) => [`Votre vote : ${choice(rep)}`],
    ),
    check(
      'answer',
      (rep) => invoke(ctx.referent, 'meeting.answer', { sittingId: ctx.sittingId, choice: answer(rep) }),
      (rep) => [answer(rep) === 'present' ? /Votre réponse : Présent·e(\n|$)/ : 'Votre réponse : Présent·e à distance'],
    ),
    check(
      'need',
      (rep) =>
        invoke(ctx.referent, 'need.save', {
          campaignId: ctx.campaignId,
          draftId: randomUUID(),
          ...needOf(`Papier A4 recyclé 80 g, lot ${rep + 1}`),
        }),
      (rep) => ['Besoin envoyé à la coordination.', `Papier A4 recyclé 80 g, lot ${rep + 1}`],
    ),
    check(
      'dispute_report',
      (rep) =>
        invoke(ctx.referent, 'dispute.report', {
          draftId: randomUUID(),
          contractId: ctx.contractId,
          category: 'retard',
          factsDate: day(-2),
          reference: `BC-${rep + 1}`,
          description: `Livraison attendue le 12, rien reçu à ce jour (commande ${rep + 1}).`,
          severity: 'moyenne',
        }),
      () => [/votre signalement porte la référence LIT-\d{4}-\d{4}/, 'Retard de livraison ou de prestation'],
    ),
    check(
      'dispute_act',
      (rep) =>
        invoke(ctx.committee, 'dispute.act', {
          ...ctx.dispute,
          kind: 'action',
          text: `Relance écrite du titulaire n° ${rep + 1}`,
        }),
      (rep) => [/^Litige LIT-\d{4}-\d{4}/, `Action corrective : Relance écrite du titulaire n° ${rep + 1}`],
    ),
    check(
      'programme',
      () => invoke(ctx.coordinator, 'programme.build', { campaignId: ctx.campaignId }),
      () => [/^Programmation — /, /Dossier Fournitures de bureau — [\d\s\u202f]+,\d\d € HT/],
    ),
    check(
      'coordination',
      () => invoke(ctx.coordinator, 'campaign.follow', { campaignId: ctx.campaignId }),
      () => [/^Suivi — /, /\d+ adhérents? sur \d+ (a|ont) répondu/],
    ),
    check(
      'bilan',
      () => say(ctx.reader, 'bilan des litiges'),
      () => [/^Bilan des litiges\n\d[\d\s]* litiges?, \d[\d\s]* résolus?\./],
    ),
    check(
      'mes_convocations',
      () => say(ctx.referent, 'mes convocations'),
      () => [/^Mes convocations\n/, 'Votre réponse : '],
    ),
  ];
}

/** A need as the form sends it, submitted, wished to start in about 13 months. */
const needOf = (description: string) => needForm({ description, wishedStart: day(400) });

const idIn = (card: unknown, pattern: RegExp, what: string) => {
  const m = JSON.stringify(card).match(pattern);
  if (!m)
    throw new Error(
      `no ${what} in ${(typeof card === 'string' ? card : textOf(card) || JSON.stringify(card)).slice(0, 400)}`,
    );
  return m[1]!;
};

/**
 * The live objects the actions work on, made through the bot as people would make them, on the
 * demo data (Claire administrator and organiser of the COPIL RReT, Sophie coordinator, Amina
 * référente of Villeurbanne and member of the COPIL): a sitting in ten days, a running ballot, an
 * open campaign with one need retained, a purchasing file whose committee Sophie organises with
 * a contract Villeurbanne uses, and one dispute reported on it. On top of the seeded years these
 * are this year's; alone, they are the tiny seed of the drivers' test.
 */
export async function prepareLive(h: Harness, tag = ''): Promise<ScaleContext> {
  const url = h.connector.url;
  const { claire, sophie, amina } = USERS;
  const post = async (user: TestUser, verb: string, data: Record<string, string>) => {
    const logged = h.errors.length;
    const t = performance.now();
    const res = await h.post(cardAction(url, user, verb, data));
    const faults = h.errors.slice(logged).join(' ; ').slice(0, 600);
    if (res.status !== 200) throw new Error(`${verb}: HTTP ${res.status} ${faults}`);
    if (faults || process.env.BENCH_DEBUG)
      process.stderr.write(`${JSON.stringify({ setup: verb, ms: Math.round(performance.now() - t), faults })}\n`);
    return res.body.value;
  };
  await h.post(botAdded(url, claire, COPIL_CHANNEL));
  const convened = await post(claire, 'meeting.create', {
    instanceId: 'copil-reseau',
    date: day(10),
    time: '09:30',
    mode: 'presentiel',
    place: 'Salle du conseil',
    agenda: 'Programmation des achats',
    proxiesAllowed: 'true',
    remoteAllowed: 'true',
  });
  const sittingId = idIn(convened, /"sittingId":"([^"]+)"/, 'sitting');
  const opened = await post(claire, 'ballot.open', {
    instanceId: 'copil-reseau',
    subject: `Programmation ${tag}`.trim(),
    question: 'Le COPIL RReT valide-t-il la programmation ?',
    choices: 'Pour\nContre\nAbstention',
    closeDate: day(20),
    closeTime: '18:00',
    chairKey: keyOf(claire),
  });
  const ballotId = idIn(opened, /"ballotId":"([^"]+)"/, 'ballot');
  const campaign = await post(sophie, 'campaign.open', {
    title: `Besoins de l’an prochain ${tag}`.trim(),
    segments: 'Fournitures de bureau',
    deadline: day(30),
    channelInstanceId: 'copil-reseau',
  });
  const campaignId = idIn(campaign, /"(campagne-[^"]+)"/, 'campaign');
  const sent = await post(amina, 'need.save', {
    campaignId,
    draftId: randomUUID(),
    ...needOf('Papier A4 recyclé 80 g'),
  });
  const needId = idIn(sent, /"needId":"([^"]+)"/, 'need');
  await post(sophie, 'need.qualify', { campaignId, needId, action: 'accepter' });

  const { file, contract, committee } = await purchasingFile(h, post, tag);
  const reported = await post(amina, 'dispute.report', {
    draftId: randomUUID(),
    contractId: contract.id,
    category: 'qualite',
    factsDate: day(-3),
    reference: 'BC-0',
    description: 'Cahiers livrés abîmés, carton ouvert.',
    severity: 'moyenne',
  });
  // The reporter's card carries no ids; the committee's card (to the coordinator: the file has no channel) does.
  const ref = idIn(reported, /(LIT-\d{4}-\d{4})/, 'dispute reference');
  const committeeCard = await h.connector.waitFor(
    () =>
      h.connector
        .sent()
        .find((a) => JSON.stringify(cardOf(a) ?? {}).includes(ref) && /disputeId/.test(JSON.stringify(a))),
    30_000,
  );
  const disputeId = idIn(cardOf(committeeCard), /"disputeId":"([^"]+)"/, 'dispute');
  return {
    referent: amina,
    coordinator: sophie,
    committee,
    reader: claire,
    sittingId,
    ballotId,
    campaignId,
    contractId: contract.id,
    dispute: { fileId: file.id, disputeId },
  };
}

const CENTRALE = 'metropole-de-lyon';
const COMMUNE = 'villeurbanne';

/**
 * The purchasing file the dispute goes to: the seeded years' file when there is one with a
 * running contract Villeurbanne uses (its partition holds the years' disputes: the similar
 * reports are looked up there), else a new file and contract; with the organiser of its
 * Comité Opérationnel, as a Teams user.
 */
async function purchasingFile(
  h: Harness,
  post: (user: TestUser, verb: string, data: Record<string, string>) => Promise<unknown>,
  tag: string,
) {
  const today = day(0);
  const running = async () =>
    (await h.bot.store.disputes.listContracts(CENTRALE))
      .filter((c) => c.memberIds.includes(COMMUNE) && c.startDate <= today && c.endDate >= today)
      .sort((a, b) => b.startDate.localeCompare(a.startDate));
  let contract = (await running())[0];
  if (!contract) {
    const title = `Fournitures scolaires ${tag || randomUUID().slice(0, 8)}`.trim();
    await post(USERS.claire, 'registry.file.save', {
      title,
      segment: 'Fournitures',
      coordinatorKey: keyOf(USERS.sophie),
      memberKeys: keyOf(USERS.claire),
    });
    const made = (await h.bot.store.disputes.listFiles(CENTRALE)).find((f) => f.title === title);
    if (!made) throw new Error('the purchasing file was not created');
    await post(USERS.claire, 'registry.contract.save', {
      fileId: made.id,
      number: `B-${randomUUID().slice(0, 6)}`,
      title: 'Fournitures scolaires',
      supplier: 'Papeteries Réunies',
      startDate: day(-100),
      endDate: day(600),
      memberIds: `${COMMUNE},bron`,
    });
    const created = (await running()).find((c) => c.fileId === made.id);
    if (!created) throw new Error('the contract was not created');
    contract = created;
  }
  const file = (await h.bot.store.disputes.getFile(CENTRALE, contract.fileId))!;
  const instance = await h.bot.store.governance.getInstance(CENTRALE, file.committeeInstanceId);
  const organiserKey = instance?.members.find((m) => m.organiser)?.personKey ?? file.coordinatorKey;
  const person = await h.bot.store.governance.getPerson(CENTRALE, organiserKey);
  if (!person?.teamsUserId) throw new Error(`no Teams user for the committee's organiser ${organiserKey}`);
  const committee: TestUser = {
    id: person.teamsUserId,
    name: person.displayName,
    aadObjectId: person.aadObjectId,
    tenantId: person.tenantId,
  };
  return { file, contract, committee };
}
