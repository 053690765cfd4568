import { loadGovernance } from '../../src/app/governance/load-governance';
import { governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import seedJson from '../../data/governance/metropole-de-lyon.json';
import { DEMO_TENANT, TestUser, USERS, cardAction } from '../support/activities';
import { Harness, startHarness, textOf } from '../support/bot-harness';
import { pdfText } from '../support/pdf-reader';

/**
 * One clock, one zone: every date a person sees or a rule uses is the centrale's local date.
 * The clock is set at midnight's edges — 00:30 on 1 January in Paris (23:30 UTC on 31 December)
 * and around midnight in Cayenne (UTC−3) — and a second centrale, in `America/Cayenne`, lives
 * beside the demo one (`Europe/Paris`).
 */
let h: Harness;
let base = Date.parse('2026-12-20T10:00:00Z');
let t0 = Date.now();
/** The clock jumps to `iso`, then runs on. */
const setClock = (iso: string) => {
  base = Date.parse(iso);
  t0 = Date.now();
};
const clock = { now: () => new Date(base + (Date.now() - t0)) };
const key = (u: { aadObjectId: string }) => personKey(DEMO_TENANT, u.aadObjectId);

const GUYANE = 'achats-guyane';
const guyane = governanceSeedSchema.parse({
  ...seedJson,
  centrale: {
    id: GUYANE,
    name: 'Centrale d’achat de la Collectivité territoriale de Guyane',
    networkLabel: 'Réseau Guyane',
    timeZone: 'America/Cayenne',
  },
});
const user = (n: number, name: string): TestUser => ({
  id: `29:${name.toLowerCase().replace(/\W+/g, '-')}`,
  name,
  aadObjectId: `c4e7a000-0000-4000-8000-0000000000${n}`,
});
const marc = user(31, 'Marc Horth'); // administrateur, acheteur, coordinator of the Guyane file
const lea = user(32, 'Léa Sabayo'); // référente de Cayenne
const paul = user(33, 'Paul Rimane'); // référent de Kourou

const act = (u: TestUser, verb: string, data: Record<string, unknown>) =>
  h.post(cardAction(h.connector.url, u, verb, data));
const refOf = (body: unknown) => textOf(body).match(/LIT-\d{4}-\d{4}/)?.[0];
const report = (contractId: string, description: string, factsDate = '2026-12-15') => ({
  contractId,
  category: 'retard',
  factsDate,
  reference: 'BC-118',
  description,
  severity: 'haute',
});
/** « Générer et envoyer » on the mise en demeure's review form, signed by the file's coordinator. */
const letter = (dispute: { fileId: string; disputeId: string }, signatory: TestUser) => ({
  ...dispute,
  clause: 'article 5.2 du CCAP (délais de livraison)',
  request: 'Livrer sous huit jours les commandes en retard.',
  facts: 'Les commandes signalées ne sont pas livrées.',
  signatoryKey: key(signatory),
  place: '',
  supplierAddress: '',
});
/** The letter's PDF as kept with the dispute, read back with poppler. */
const letterText = async (disputeId: string) => {
  const kept = (await h.bot.store.documents.list(disputeId)).find((r) => r.format === 'pdf')!;
  return pdfText((await h.bot.store.documents.get(disputeId, kept.id))!.content);
};

let lyonContract = '';
let guyaneContract = '';
let lyonSurvey = '';
let guyaneSurvey = '';

async function registry(admin: TestUser, coordinator: TestUser, centraleId: string, memberIds: string) {
  await act(admin, 'registry.file.save', {
    title: 'Fournitures de bureau',
    segment: 'Fournitures',
    coordinatorKey: key(coordinator),
    memberKeys: '',
  });
  await act(admin, 'registry.contract.save', {
    fileId: 'fournitures-de-bureau',
    number: '2026-077',
    title: 'Papeterie',
    supplier: 'Papeteries Réunies',
    startDate: '2026-01-01',
    endDate: '2028-12-31',
    memberIds,
  });
  return (await h.bot.store.disputes.listContracts(centraleId)).find((c) => c.number === '2026-077')!.id;
}

const openSurvey = async (organiser: TestUser, targets: string) => {
  const res = await act(organiser, 'survey.open', {
    title: 'Satisfaction de fin d’année',
    questions: 'Qualité des marchés',
    targets,
    deadline: '2026-12-31',
  });
  return JSON.stringify(res.body.value).match(/"surveyId":"([^"]+)"/)![1]!;
};

beforeAll(async () => {
  h = await startHarness({}, { clock });
  const g = h.bot.store.governance;
  await loadGovernance(h.bot.store, guyane, [{ tenantId: DEMO_TENANT, aadObjectId: marc.aadObjectId }]);
  for (const [id, name] of [
    ['cayenne', 'Ville de Cayenne'],
    ['kourou', 'Ville de Kourou'],
  ] as const)
    await g.createMemberIfAbsent({ id, centraleId: GUYANE, name, kind: 'commune' });
  const person = (u: TestUser, roles: Array<'administrateur' | 'acheteur' | 'referent'>, memberId: string | null) =>
    g.upsertPerson(
      {
        key: key(u),
        centraleId: GUYANE,
        tenantId: DEMO_TENANT,
        aadObjectId: u.aadObjectId,
        teamsUserId: u.id,
        displayName: u.name,
        email: null,
        roles,
        memberId,
      },
      (p) => ({ ...p, roles, memberId, teamsUserId: u.id, displayName: u.name }),
    );
  await person(marc, ['administrateur', 'acheteur'], null);
  await person(lea, ['referent'], 'cayenne');
  await person(paul, ['referent'], 'kourou');
  for (const [centraleId, organiser] of [
    ['metropole-de-lyon', USERS.sophie],
    [GUYANE, marc],
  ] as const)
    await g.updateInstance(centraleId, 'comite-methodes', (i) => withMembers(i, [key(organiser)], [key(organiser)]));
  await g.updateInstance(GUYANE, 'comite-de-pilotage', (i) =>
    withMembers(i, [key(marc), key(lea), key(paul)], [key(marc)]),
  );

  // 20 December: the registries, a first dispute of 2026 in Lyon, the surveys (deadline 31 December).
  lyonContract = await registry(USERS.claire, USERS.sophie, 'metropole-de-lyon', 'villeurbanne');
  guyaneContract = await registry(marc, marc, GUYANE, 'cayenne,kourou');
  const first = await act(USERS.amina, 'dispute.report', report(lyonContract, 'Commande de novembre non livrée.'));
  expect(refOf(first.body.value)).toBe('LIT-2026-0001');
  lyonSurvey = await openSurvey(USERS.sophie, 'villeurbanne');
  guyaneSurvey = await openSurvey(marc, 'cayenne,kourou');
});
afterAll(() => h.stop());

describe('at 00:30 on 1 January in Paris (23:30 UTC on 31 December)', () => {
  let dispute = { fileId: '', disputeId: '' };

  it('numbers the first dispute of the year LIT-2027-0001', async () => {
    setClock('2026-12-31T23:30:00Z');
    const res = await act(USERS.amina, 'dispute.report', report(lyonContract, 'Commande de décembre non livrée.'));
    expect(refOf(res.body.value)).toBe('LIT-2027-0001');
    const stored = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).find(
      (d) => d.ref === 'LIT-2027-0001',
    )!;
    dispute = { fileId: stored.fileId, disputeId: stored.id };
  });

  it('gives the supplier until 16 January after a mise en demeure (15 days), and shows local times', async () => {
    const res = await act(USERS.sophie, 'dispute.notice.send', letter(dispute, USERS.sophie));
    const text = textOf(res.body.value);
    expect(text).toContain('réponse du titulaire attendue au plus tard le samedi 16 janvier 2027');
    expect(text).toContain('vendredi 1er janvier 2027 à 0 h 30 — Signalé');
    expect((await h.bot.store.disputes.get(dispute.fileId, dispute.disputeId))!.contradictoryDeadline).toBe(
      '2027-01-16',
    );
    // The letter is dated and counts its 15 days in local dates too.
    const pdf = (await letterText(dispute.disputeId)).replace(/\s+/g, ' ');
    expect(pdf).toContain('Le 1er janvier 2027');
    expect(pdf).toContain('soit jusqu’au samedi 16 janvier 2027 inclus');
  });

  it('closes a survey the day after its deadline', async () => {
    const res = await act(USERS.amina, 'survey.answer', { surveyId: lyonSurvey, note_0: '4' });
    expect(textOf(res.body.value)).toContain('L’enquête est close.');
    expect(await h.bot.store.surveys.responses(lyonSurvey)).toHaveLength(0);
  });
});

describe('a centrale in America/Cayenne (UTC−3) uses its own zone', () => {
  let dispute = { fileId: '', disputeId: '' };

  it('at 23:00 on 31 December there (02:00 UTC on 1 January): still 2026, the survey still open', async () => {
    setClock('2027-01-01T02:00:00Z');
    const res = await act(lea, 'dispute.report', report(guyaneContract, 'Cartons de papier livrés abîmés.'));
    expect(refOf(res.body.value)).toBe('LIT-2026-0001');
    const stored = (await h.bot.store.disputes.listByCentrale(GUYANE))[0]!;
    dispute = { fileId: stored.fileId, disputeId: stored.id };
    const answered = await act(lea, 'survey.answer', { surveyId: guyaneSurvey, note_0: '5' });
    expect(textOf(answered.body.value)).not.toContain('L’enquête est close.');
    expect(await h.bot.store.surveys.responses(guyaneSurvey)).toHaveLength(1);
  });

  it('counts the mise en demeure from its own date and shows its own times', async () => {
    const res = await act(marc, 'dispute.notice.send', letter(dispute, marc));
    const text = textOf(res.body.value);
    expect(text).toContain('jeudi 31 décembre 2026 à 23 h — Signalé');
    expect(text).toContain('réponse du titulaire attendue au plus tard le vendredi 15 janvier 2027');
    const pdf = (await letterText(dispute.disputeId)).replace(/\s+/g, ' ');
    expect(pdf).toContain('Le 31 décembre 2026');
    expect(pdf).toContain('soit jusqu’au vendredi 15 janvier 2027 inclus');
  });

  it('at 00:30 on 1 January there: LIT-2027-0001, and the survey is closed', async () => {
    setClock('2027-01-01T03:30:00Z');
    const res = await act(lea, 'dispute.report', report(guyaneContract, 'Encore des cartons abîmés.'));
    expect(refOf(res.body.value)).toBe('LIT-2027-0001');
    const late = await act(paul, 'survey.answer', { surveyId: guyaneSurvey, note_0: '3' });
    expect(textOf(late.body.value)).toContain('L’enquête est close.');
  });

  it('shows a ballot’s closing time as typed there, and its audit trail in its zone', async () => {
    const res = await act(marc, 'ballot.open', {
      instanceId: 'comite-de-pilotage',
      subject: 'Programmation 2027',
      question: 'Le comité valide-t-il la programmation 2027 ?',
      closeDate: '2027-01-05',
      closeTime: '18:00',
    });
    const text = textOf(res.body.value);
    expect(text).toContain('ouvert jusqu’au mardi 5 janvier 2027 à 18 h');
    const ballot = JSON.stringify(res.body.value).match(/"ballotId":"([^"]+)"/)![1]!;
    const csv = await fetch(JSON.stringify(res.body.value).match(/https?:\/\/[^"]+journal[^"]*/)![0]).then((r) =>
      r.text(),
    );
    expect(ballot).toMatch(/^scrutin-/);
    expect(csv).toContain('2027-01-01 00:30');
    expect(csv).toContain('-03:00');
  });

  it('dates the administrators’ privacy log in its zone', async () => {
    const res = await act(marc, 'privacy.export', { personKey: key(lea) });
    expect(textOf(res.body.value)).toMatch(/vendredi 1er janvier 2027 à 0 h 3\d — /);
  });
});

describe('on the nights the clocks change in Paris', () => {
  const reportAndWarn = async (description: string) => {
    const res = await act(USERS.amina, 'dispute.report', report(lyonContract, description, '2026-10-20'));
    const ref = refOf(res.body.value)!;
    const d = (await h.bot.store.disputes.listByCentrale('metropole-de-lyon')).find((x) => x.ref === ref)!;
    const warned = await act(
      USERS.sophie,
      'dispute.notice.send',
      letter({ fileId: d.fileId, disputeId: d.id }, USERS.sophie),
    );
    return { ref, text: textOf(warned.body.value), letter: await letterText(d.id) };
  };

  it('spring forward (28 March 2027, 00:30 CET): the local day counts', async () => {
    setClock('2027-03-27T23:30:00Z');
    const { ref, text, letter } = await reportAndWarn('Livraison de mars manquante.');
    expect(ref).toBe('LIT-2027-0002');
    expect(text).toContain('dimanche 28 mars 2027 à 0 h 30 — Signalé');
    expect(text).toContain('au plus tard le lundi 12 avril 2027');
    expect(letter.replace(/\s+/g, ' ')).toContain('soit jusqu’au lundi 12 avril 2027 inclus');
  });

  it('fall back (25 October 2026, 00:30 CEST): the local day counts', async () => {
    setClock('2026-10-24T22:30:00Z');
    const { ref, text, letter } = await reportAndWarn('Livraison d’octobre manquante.');
    expect(ref).toBe('LIT-2026-0002');
    expect(text).toContain('dimanche 25 octobre 2026 à 0 h 30 — Signalé');
    expect(text).toContain('au plus tard le lundi 9 novembre 2026');
    expect(letter.replace(/\s+/g, ' ')).toContain('Le 25 octobre 2026');
    expect(letter.replace(/\s+/g, ' ')).toContain('soit jusqu’au lundi 9 novembre 2026 inclus');
  });
});
