import { mkdirSync } from 'fs';
import path from 'path';
import { governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { identifyActor } from '../../src/app/identify-actor';
import { loadGovernance } from '../../src/app/governance/load-governance';
import { conveneSitting } from '../../src/app/meetings/convene-sitting';
import { convocationDocument } from '../../src/app/meetings/convocation-document';
import { reviseConvenedSitting } from '../../src/app/meetings/revise-sitting';
import { MeetingPresenter } from '../../src/app/meetings/ports';
import { sha256Of } from '../../src/app/documents/record-document';
import { DocumentRenderer } from '../../src/app/documents/ports';
import { createDocumentRenderer } from '../../src/documents/renderer';
import { withMembers } from '../../src/domain/governance';
import { personKey } from '../../src/domain/identity';
import { SittingDraft } from '../../src/domain/meetings/sitting';
import { Store, openStore } from '../../src/store/open-store';
import seedJson from '../../data/governance/metropole-de-lyon.json';
import { pdfPages, pdfText } from '../support/pdf-reader';

/** The convocation kept as a document of record: at convening, at each modification, once. */
let store: Store;
let now = new Date('2026-12-01T09:00:00Z');
const clock = { now: () => now };
const T = 'tenant';
const names: Record<string, string> = {
  orga: 'Claire Martin',
  anne: 'Anne Roux',
  bruno: 'Bruno Léger',
  chloe: 'Chloé Garnier',
};
const key = (name: string) => personKey(T, name);
const meetings: MeetingPresenter = {
  personalConvocation: (_n, s, _p, k, docs) => ({ text: `Convocation ${s.instanceName} pour ${k}`, docs }),
  channelConvocation: (s) => ({ text: `Convocation ${s.instanceName}` }),
  replacedConvocation: (s) => ({ text: `Convocation remplacée ${s.instanceName}` }),
  cancellation: (s) => ({ text: `Annulation ${s.instanceName}` }),
  minutes: (s) => ({ text: `Relevé ${s.instanceName}` }),
  refreshShared: (_cardId, refresh) => void refresh(),
};
const real = createDocumentRenderer();
let renderer: DocumentRenderer = real;
const deps = () => ({
  governance: store.governance,
  directory: store.directory,
  outbox: store.outbox,
  meetings: store.meetings,
  documents: store.documents,
  documentRenderer: renderer,
  clock,
  presenters: { meetings },
});
const draft: SittingDraft = {
  date: '2026-12-08',
  time: '14:00',
  timeZone: 'Europe/Paris',
  mode: 'mixte',
  place: 'Hôtel de la Métropole, salle du conseil',
  onlineLink: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
  agenda: [
    { title: 'Programmation 2027', rapporteur: 'Direction Achats', links: ['https://intranet.example/programme.pdf'] },
    { title: 'Bilan des marchés', rapporteur: 'Coordinatrice RReT', links: [] },
  ],
  note: '',
  remoteAllowed: true,
  proxiesAllowed: true,
  urgency: false,
  urgencyReason: '',
};
const actor = (name: string) => identifyActor(store, { tenantId: T, aadObjectId: name, displayName: names[name]! });
const convene = async (over: Partial<SittingDraft> = {}, draftId?: string) => {
  const r = await conveneSitting(deps(), await actor('orga'), {
    instanceId: 'comite-de-pilotage',
    draft: { ...draft, ...over },
    serviceUrl: null,
    draftId,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};
const journal = async (sittingId: string) =>
  (await store.meetings.get(sittingId))!.history.filter((h) => h.action === 'document').map((h) => h.summary);

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'convocation-doc', snapshotFile: null });
  await loadGovernance(store, governanceSeedSchema.parse(seedJson), []);
  await store.governance.createMemberIfAbsent({
    id: 'commune-villeurbanne',
    centraleId: 'metropole-de-lyon',
    name: 'Commune de Villeurbanne',
    kind: 'commune',
  });
  const adherent = (await store.governance.listMembers('metropole-de-lyon')).find(
    (m) => m.id === 'commune-villeurbanne',
  )!;
  for (const [p, displayName] of Object.entries(names)) {
    await store.governance.upsertPerson({
      key: key(p),
      centraleId: 'metropole-de-lyon',
      tenantId: T,
      aadObjectId: p,
      teamsUserId: `29:${p}`,
      displayName,
      email: null,
      roles: [],
      memberId: p === 'anne' ? adherent.id : null,
    });
  }
  await store.governance.updateInstance('metropole-de-lyon', 'comite-de-pilotage', (i) =>
    withMembers(i, Object.keys(names).map(key), [key('orga')]),
  );
});
afterAll(() => store.close());
afterEach(() => {
  renderer = real;
  now = new Date('2026-12-01T09:00:00Z');
});

describe('the convocation of record', () => {
  it('is kept at convening as a PDF that says who, when, where, what, the notice and its legal basis, and who is convened', async () => {
    const r = await convene();
    const records = await store.documents.list(r.sitting.id);
    expect(records.map((d) => d.id)).toEqual(['convocation-v1.pdf']);
    expect(records[0]).toMatchObject({
      kind: 'convocation',
      version: 1,
      contentType: 'application/pdf',
      filename: 'convocation-comite-de-pilotage-2026-12-08-v1.pdf',
      label: 'Convocation, version 1',
    });
    const kept = (await store.documents.get(r.sitting.id, 'convocation-v1.pdf'))!;
    // The journal quotes the full SHA-256 of the bytes kept.
    expect(await journal(r.sitting.id)).toEqual([
      `Convocation, version 1 : fichier PDF généré le 2026-12-01 10:00:00 +01:00 — SHA-256 ${sha256Of(kept.content)}`,
    ]);
    const text = (await pdfText(kept.content)).replace(/\s+/g, ' ');
    const adherent = { name: 'Commune de Villeurbanne' };
    const centrale = (await store.governance.getCentrale('metropole-de-lyon'))!;
    for (const expected of [
      centrale.name.toUpperCase(),
      'Convocation — Comité de pilotage',
      'Version 1 du 1er décembre 2026',
      'mardi 8 décembre 2026 à 14 h',
      'Hôtel de la Métropole, salle du conseil',
      'https://teams.microsoft.com/l/meetup-',
      'join/19%3ameeting_abc',
      '1. Programmation 2027',
      'Rapporteur·rice : Direction Achats',
      'Document : https://intranet.example/programme.pdf',
      '2. Bilan des marchés',
      'Coordinatrice RReT',
      'Base légale du délai',
      'Délai requis 5 jours francs',
      'Délai donné 6 jours francs avant la séance',
      'Membres convoqués (4)',
      'Anne Roux',
      adherent.name,
      'Bruno Léger',
      'Chloé Garnier',
      'L’organisateur·rice de la séance',
      'Claire Martin',
      'pouvoir',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Convocation en urgence');
    // The cards of the notice are given the record, to open it.
    const pending = await store.outbox.pending(r.noticeId);
    expect((pending[0]!.payload as any).docs.map((d: any) => d.id)).toEqual(['convocation-v1.pdf']);
    // Every page renders; the first one is kept to be looked at.
    const out = path.join(__dirname, '..', '..', 'build', 'documents');
    mkdirSync(out, { recursive: true });
    const pages = await pdfPages(kept.content, { dpi: 80, outDir: out, prefix: 'convocation-v1' });
    expect(pages.length).toBeGreaterThanOrEqual(1);
  });

  it('names the meeting link « ci-dessus » only when there is one', async () => {
    const { sitting } = await convene({ date: '2026-12-09' });
    const textOf = async (over: Partial<typeof sitting>) =>
      (
        await pdfText(
          await real.pdf(
            convocationDocument({
              sitting: { ...sitting, ...over },
              instance: null,
              centraleName: 'Centrale',
              people: [],
              members: [],
              generatedAt: now,
            }),
          ),
        )
      ).replace(/\s+/g, ' ');
    expect(await textOf({})).toContain('le lien de réunion figure ci-dessus');
    // A sitting on site where remote attendance is admitted, with no link yet (a rule may allow it).
    const plain = await textOf({ mode: 'presentiel', onlineLink: '', remoteAllowed: true });
    expect(plain).toContain('La participation à distance est admise : le lien de réunion sera communiqué');
    expect(plain).not.toContain('ci-dessus');
  });

  it('is made once for a form sent twice (a double click, a retry): one record, one journal line', async () => {
    const draftId = '4a1b2c3d-0000-4000-8000-00000000d051';
    const [a, b] = [await convene({ date: '2026-12-09' }, draftId), await convene({ date: '2026-12-09' }, draftId)];
    expect(b.sitting.id).toBe(a.sitting.id);
    expect((await store.documents.list(a.sitting.id)).length).toBe(1);
    expect((await journal(a.sitting.id)).length).toBe(1);
  });

  it('a rendering that fails sends nothing; the same form sent again makes the convocation, then the notices', async () => {
    const draftId = '4a1b2c3d-0000-4000-8000-00000000d052';
    renderer = { ...real, pdf: async () => Promise.reject(new Error('police introuvable')) };
    await expect(convene({ date: '2026-12-10' }, draftId)).rejects.toThrow('police introuvable');
    const sittingId = `seance-${draftId}`;
    expect(await store.outbox.pending(`convocation-${sittingId}-v1`)).toEqual([]);
    expect(await store.documents.list(sittingId)).toEqual([]);
    renderer = real;
    const r = await convene({ date: '2026-12-10' }, draftId);
    expect((await store.documents.list(r.sitting.id)).map((d) => d.id)).toEqual(['convocation-v1.pdf']);
    expect((await store.outbox.pending(r.noticeId)).length).toBe(4);
  });

  it('prints the sitting’s local date: at 00:30 in Paris, the day of Paris, not of UTC', async () => {
    const r = await convene({ date: '2026-12-12', time: '00:30' });
    expect(r.sitting.startsAt).toBe('2026-12-11T23:30:00.000Z');
    const text = (await pdfText((await store.documents.get(r.sitting.id, 'convocation-v1.pdf'))!.content)).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('samedi 12 décembre 2026 à 0 h 30');
    expect(text).not.toContain('11 décembre');
    expect((await store.documents.list(r.sitting.id))[0]!.filename).toBe(
      'convocation-comite-de-pilotage-2026-12-12-v1.pdf',
    );
  });

  it('a modification keeps version 2 beside version 1, and dates the document it adds', async () => {
    const r = await convene({ date: '2026-12-14' });
    now = new Date('2026-12-03T09:12:00Z');
    const agenda = [draft.agenda[0]!, { ...draft.agenda[1]!, links: ['https://intranet.example/bilan%202026.pdf'] }];
    const revised = await reviseConvenedSitting(deps(), await actor('orga'), {
      sittingId: r.sitting.id,
      draft: { ...draft, date: '2026-12-14', agenda },
      serviceUrl: null,
    });
    if (!revised.ok) throw new Error(JSON.stringify(revised.errors));
    expect(revised.sitting.version).toBe(2);
    expect(revised.sitting.agenda[1]!.added).toEqual([
      { link: 'https://intranet.example/bilan%202026.pdf', at: '2026-12-03T09:12:00.000Z' },
    ]);
    // The first item's document came with the convocation: no added-at time.
    expect(revised.sitting.agenda[0]!.added).toBeUndefined();
    const change = revised.sitting.history.filter((h) => h.action === 'modification').at(-1)!.summary;
    expect(change).toBe('Modification — document ajouté : bilan 2026.pdf (point 2)');
    const records = await store.documents.list(r.sitting.id);
    expect(records.map((d) => d.id)).toEqual(['convocation-v1.pdf', 'convocation-v2.pdf']);
    expect(records[0]!.sha256).not.toBe(records[1]!.sha256);
    const lines = await journal(r.sitting.id);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(
      `Convocation, version 2 : fichier PDF généré le 2026-12-03 10:12:00 +01:00 — SHA-256 ${records[1]!.sha256}`,
    );
    const v2 = (await pdfText((await store.documents.get(r.sitting.id, 'convocation-v2.pdf'))!.content)).replace(
      /\s+/g,
      ' ',
    );
    expect(v2).toContain('Version 2 — modifiée le jeudi 3 décembre 2026 à 10 h 12');
    expect(v2).toContain('Document : https://intranet.example/bilan%202026.pdf (ajouté le 3 décembre 2026 à 10 h 12)');
    expect(v2).toContain('Cette convocation remplace la précédente');
    await pdfPages((await store.documents.get(r.sitting.id, 'convocation-v2.pdf'))!.content, {
      dpi: 80,
      outDir: path.join(__dirname, '..', '..', 'build', 'documents'),
      prefix: 'convocation-v2',
    });
    // Version 1 is kept as it was.
    const v1 = await pdfText((await store.documents.get(r.sitting.id, 'convocation-v1.pdf'))!.content);
    expect(v1).not.toContain('bilan%202026');
    // The same modification form sent again (a double click) is one change, not « Rien n’a changé ».
    const again = await reviseConvenedSitting(deps(), await actor('orga'), {
      sittingId: r.sitting.id,
      draft: { ...draft, date: '2026-12-14', agenda, place: 'Salle 3' },
      serviceUrl: null,
      draftId: 'd51-form',
    });
    const twice = await reviseConvenedSitting(deps(), await actor('orga'), {
      sittingId: r.sitting.id,
      draft: { ...draft, date: '2026-12-14', agenda, place: 'Salle 3' },
      serviceUrl: null,
      draftId: 'd51-form',
    });
    expect(again.ok && twice.ok).toBe(true);
    expect((await store.documents.list(r.sitting.id)).map((d) => d.id)).toEqual([
      'convocation-v1.pdf',
      'convocation-v2.pdf',
      'convocation-v3.pdf',
    ]);
    expect(await journal(r.sitting.id)).toHaveLength(3);
  });
});
