import { governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { identifyActor } from '../../src/app/identify-actor';
import { loadGovernance } from '../../src/app/governance/load-governance';
import { answerSitting } from '../../src/app/meetings/answer-sitting';
import { cancelSitting } from '../../src/app/meetings/cancel-sitting';
import { conveneSitting } from '../../src/app/meetings/convene-sitting';
import { MeetingPresenter } from '../../src/app/meetings/ports';
import { conveneForm } from '../../src/app/meetings/sitting-form';
import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { SittingDraft } from '../../src/domain/meetings/sitting';
import { Store, openStore } from '../../src/store/open-store';
import { createDocumentRenderer } from '../../src/documents/renderer';
import seedJson from '../../data/governance/metropole-de-lyon.json';

let store: Store;
let now = new Date('2026-12-01T09:00:00Z');
const clock = { now: () => now };
const T = 'tenant';
const people = ['orga', 'anne', 'bruno', 'chloe', 'david'];
const id = (name: string) => ({ tenantId: T, aadObjectId: name, displayName: name });
const key = (name: string) => personKey(T, name);
/** Cards as plain text: what the use cases hand to the delivery path, without the Teams layer. */
const meetings: MeetingPresenter = {
  personalConvocation: (_notice, s, _people, k) => ({ text: `Convocation ${s.instanceName} pour ${k}` }),
  channelConvocation: (s) => ({ text: `Convocation ${s.instanceName}` }),
  replacedConvocation: (s) => ({ text: `Convocation remplacée ${s.instanceName}` }),
  cancellation: (s) => ({ text: `Annulation ${s.instanceName}` }),
  minutes: (s) => ({ text: `Relevé ${s.instanceName}` }),
  refreshShared: (_cardId, refresh) => void refresh(),
};
const deps = () => ({
  governance: store.governance,
  directory: store.directory,
  outbox: store.outbox,
  meetings: store.meetings,
  documents: store.documents,
  documentRenderer: createDocumentRenderer(),
  clock,
  presenters: { meetings },
});
const draft: SittingDraft = {
  date: '2026-12-10',
  time: '09:30',
  timeZone: 'Europe/Paris',
  mode: 'presentiel',
  place: 'Salle du conseil',
  onlineLink: '',
  agenda: [{ title: 'Programmation 2027', rapporteur: 'Direction Achats', links: [] }],
  note: '',
  remoteAllowed: false,
  proxiesAllowed: true,
  urgency: false,
  urgencyReason: '',
};

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'meetings', snapshotFile: null });
  await loadGovernance(store, governanceSeedSchema.parse(seedJson), []);
  for (const p of people) {
    await store.governance.upsertPerson({
      key: key(p),
      centraleId: 'metropole-de-lyon',
      tenantId: T,
      aadObjectId: p,
      teamsUserId: `29:${p}`,
      displayName: p,
      email: null,
      roles: [],
      memberId: null,
    });
  }
  await store.governance.updateInstance('metropole-de-lyon', 'comite-de-pilotage', (i) =>
    withMembers(i, people.map(key), [key('orga')]),
  );
});
afterAll(() => store.close());

const actor = (name: string) => identifyActor(store, id(name));

describe('convening a sitting', () => {
  it('refuses someone who is not an organiser of the instance', async () => {
    await expect(
      conveneSitting(deps(), await actor('anne'), { instanceId: 'comite-de-pilotage', draft, serviceUrl: null }),
    ).rejects.toThrow('Seuls les organisateurs de l’instance peuvent la convoquer');
  });

  it('returns form errors per field and stores nothing when the draft is wrong', async () => {
    const sittings = async () =>
      (
        await store.cosmos
          .container('meetings')
          .items.query("SELECT VALUE COUNT(1) FROM c WHERE c.type = 'sitting'")
          .fetchAll()
      ).resources[0];
    const before = await sittings();
    const r = await conveneSitting(deps(), await actor('orga'), {
      instanceId: 'comite-de-pilotage',
      draft: { ...draft, date: '2026-12-04', agenda: [] },
      serviceUrl: null,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['agenda', 'urgency']);
    expect(await sittings()).toBe(before);
  });

  it('stores the sitting with its members frozen and queues one convocation per member', async () => {
    const r = await conveneSitting(deps(), await actor('orga'), {
      instanceId: 'comite-de-pilotage',
      draft,
      serviceUrl: 'http://127.0.0.1:9/',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sitting).toMatchObject({
      status: 'convoquee',
      version: 1,
      memberKeys: people.map(key),
      joursFrancs: 8,
      startsAt: '2026-12-10T08:30:00.000Z',
    });
    const pending = await store.outbox.pending(r.noticeId);
    expect(pending.map((e) => e.recipient.label).sort()).toEqual([...people].sort());
    expect(pending.find((e) => e.recipient.label === 'anne')?.payload).toEqual({
      text: `Convocation Comité de pilotage pour ${key('anne')}`,
    });
  });
});

describe('answering a convocation', () => {
  let sittingId: string;
  beforeAll(async () => {
    const r = await conveneSitting(deps(), await actor('orga'), {
      instanceId: 'comite-de-pilotage',
      draft,
      serviceUrl: null,
    });
    if (!r.ok) throw new Error('convocation refused');
    sittingId = r.sitting.id;
  });

  it('records answers, keeps the first acknowledgement, and forecasts the quorum', async () => {
    await answerSitting(deps(), await actor('anne'), { sittingId, choice: 'present' });
    await answerSitting(deps(), await actor('bruno'), { sittingId, choice: 'pouvoir', proxyHolderKey: key('anne') });
    const { forecast } = await answerSitting(deps(), await actor('orga'), { sittingId, choice: 'present' });
    expect(forecast).toMatchObject({
      members: 5,
      present: 2,
      represented: 1,
      counted: 2,
      required: 3,
      reached: false,
      noAnswer: [key('chloe'), key('david')],
    });
    expect((await store.meetings.acknowledgements(sittingId)).map((a) => a.personKey).sort()).toEqual(
      [key('anne'), key('bruno'), key('orga')].sort(),
    );
  });

  it('lets only one of two simultaneous proxies to the same holder through', async () => {
    const [c, d] = await Promise.allSettled([
      answerSitting(deps(), await actor('chloe'), { sittingId, choice: 'pouvoir', proxyHolderKey: key('orga') }),
      answerSitting(deps(), await actor('david'), { sittingId, choice: 'pouvoir', proxyHolderKey: key('orga') }),
    ]);
    expect([c.status, d.status].sort()).toEqual(['fulfilled', 'rejected']);
    const refused = (c.status === 'rejected' ? c : d) as PromiseRejectedResult;
    expect(String(refused.reason.message)).toContain('orga porte déjà 1 pouvoir');
    expect((await store.meetings.answersOf(sittingId)).filter((a) => a.proxyHolderKey === key('orga'))).toHaveLength(1);
  });

  it('locks answers once the sitting has started', async () => {
    now = new Date('2026-12-10T08:30:00Z');
    await expect(answerSitting(deps(), await actor('david'), { sittingId, choice: 'present' })).rejects.toThrow(
      'La séance a commencé',
    );
    now = new Date('2026-12-01T09:00:00Z');
  });
});

describe('the convocation form and the cancellation', () => {
  it('proposes by default a weekday the instance’s notice allows, so the form works as it is', async () => {
    const choices = await conveneForm(deps(), await actor('orga'), { conversationId: 'none' });
    expect(choices.instances.map((i) => i.id)).toEqual(['comite-de-pilotage']);
    expect([0, 6]).not.toContain(new Date(`${choices.defaultDate}T12:00:00Z`).getUTCDay());
    const r = await conveneSitting(deps(), await actor('orga'), {
      instanceId: 'comite-de-pilotage',
      draft: { ...draft, date: choices.defaultDate },
      serviceUrl: null,
    });
    expect(r.ok).toBe(true);
  });

  it('refuses the form to someone who organises no instance', async () => {
    await expect(conveneForm(deps(), await actor('anne'), { conversationId: 'none' })).rejects.toThrow(
      'Vous n’organisez aucune instance : seuls les organisateurs d’une instance la convoquent.',
    );
  });

  it('sends every member the presenter’s cancellation card', async () => {
    const r = await conveneSitting(deps(), await actor('orga'), {
      instanceId: 'comite-de-pilotage',
      draft,
      serviceUrl: null,
    });
    if (!r.ok) throw new Error('convocation refused');
    const cancelled = await cancelSitting(deps(), await actor('orga'), {
      sittingId: r.sitting.id,
      reason: 'Quorum impossible',
      serviceUrl: null,
    });
    const pending = await store.outbox.pending(`annulation-${r.sitting.id}-v${cancelled.version}`);
    expect(pending.map((e) => e.recipient.label).sort()).toEqual([...people].sort());
    expect((await store.outbox.getNotice(`annulation-${r.sitting.id}-v2`))?.payload).toEqual({
      text: 'Annulation Comité de pilotage',
    });
  });
});
