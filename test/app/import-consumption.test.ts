import * as XLSX from 'xlsx';
import { governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { identifyActor } from '../../src/app/identify-actor';
import { loadDemo, demoSchema } from '../../src/app/governance/load-demo';
import { loadGovernance } from '../../src/app/governance/load-governance';
import { consumptionTemplate, consumptionTemplateCsv, importConsumption } from '../../src/app/bilan/import-consumption';
import { contractBilanView } from '../../src/app/bilan/queries';
import { Contract } from '../../src/domain/disputes/registry';
import { createWorkbooks } from '../../src/documents/renderer';
import { Store, openStore } from '../../src/store/open-store';
import seedJson from '../../data/governance/metropole-de-lyon.json';
import demoJson from '../../data/demo/demo.json';

/**
 * The consumption import through the real store: a supplier's report checked whole, kept per
 * period, replacing a period's report when sent again; for the Direction Achats of the
 * contract's centrale only.
 */
let store: Store;
const clock = { now: () => new Date('2026-12-01T09:00:00Z') };
const deps = () => ({ ...store, workbooks: createWorkbooks(), clock });
const actor = (name: string) =>
  identifyActor(store, {
    tenantId: demoJson.tenantId,
    aadObjectId: demoJson.people.find((p) => p.displayName === name)!.aadObjectId,
    displayName: name,
  });
const LYON = 'metropole-de-lyon';
const contract: Contract = {
  id: 'marche-repas',
  centraleId: LYON,
  number: '2026-031',
  title: 'Repas des écoles',
  supplier: 'Cuisines du Rhône',
  lots: [],
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  memberIds: ['villeurbanne', 'venissieux'],
  fileId: 'restauration',
  economics: {
    unit: 'repas',
    unitPriceCents: 300,
    awardedAnnualCents: null,
    renewals: [{ to: '2027-12-31', unitPriceCents: null, awardedAnnualCents: null }],
    sustainable: { environmental: false, social: false },
    forecasts: [
      {
        memberId: 'villeurbanne',
        annualQuantity: '10000',
        referenceAnnualCents: 3_500_000,
        referenceSupplier: '',
        needId: null,
      },
      {
        memberId: 'venissieux',
        annualQuantity: '4000',
        referenceAnnualCents: null,
        referenceSupplier: '',
        needId: null,
      },
    ],
    campaignId: null,
  },
};
const elsewhere: Contract = { ...contract, id: 'marche-ailleurs', centraleId: 'autre-centrale' };
const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
const reports = () => store.consumption.listReports(LYON, { contractId: contract.id });

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'consumption-import', snapshotFile: null });
  await loadGovernance(store, governanceSeedSchema.parse(seedJson), []);
  await loadDemo({ ...store, clock }, demoSchema.parse(demoJson));
  await store.disputes.saveContract(contract);
  await store.disputes.saveContract(elsewhere);
});
afterAll(() => store.close());

describe('importConsumption', () => {
  it('imports nothing from a file with one bad row, and names the row', async () => {
    const r = await importConsumption(deps(), await actor('Claire Martin'), {
      contractId: contract.id,
      filename: 'releve.csv',
      bytes: csv([
        'Adhérent;Période;Quantité;Montant HT',
        'Ville de Villeurbanne;2026-S1;5 000;15 000,00',
        'Ville de Vénissieux;2026-S1;2 000;6 000,00',
        'Ville de Bron;2026-S1;100;300',
      ]),
    });
    expect(r).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^Ligne 4 : « Ville de Bron » n’est pas adhérent de ce marché/)],
    });
    expect(await reports()).toEqual([]);
  });

  it('keeps a valid report per period, and the bilan shows it', async () => {
    const r = await importConsumption(deps(), await actor('Claire Martin'), {
      contractId: contract.id,
      filename: 'releve-2026.csv',
      bytes: csv([
        'Commune,Période,Quantité,Montant (€ HT)',
        'villeurbanne,2026-S1,"5 000","15 000,00"',
        'Vénissieux,2026-S1,"2 000,5","6 001,50"',
        'Villeurbanne,2026-S2,4000,12000',
      ]),
    });
    expect(r).toEqual({
      ok: true,
      summary: '2 périodes importées : 1er semestre 2026 (2 lignes) et 2e semestre 2026 (1 ligne).',
      periods: [
        { key: '2026-S1', label: '1er semestre 2026', lines: 2, replaced: false, unchanged: false },
        { key: '2026-S2', label: '2e semestre 2026', lines: 1, replaced: false, unchanged: false },
      ],
    });
    const kept = await reports();
    expect(kept.map((k) => [k.periodKey, k.source, k.lines.length])).toEqual(
      expect.arrayContaining([
        ['2026-S1', 'releve-2026.csv', 2],
        ['2026-S2', 'releve-2026.csv', 1],
      ]),
    );
    const view = await contractBilanView(deps(), await actor('Claire Martin'), contract.id, '2026');
    expect(view.review.consumedQuantity).toBe('11000.5');
    expect(view.review.consumedCents).toBe(3_300_150);
    // Forecast 14 000 repas a year, a whole year reported: 11 000,5 / 14 000.
    expect(view.review.consumptionRatio).toBeCloseTo(11000.5 / 14000, 6);
  });

  it('sent again, keeps one report per period; a corrected period replaces the first', async () => {
    const claire = await actor('Claire Martin');
    const same = await importConsumption(deps(), claire, {
      contractId: contract.id,
      filename: 'releve-2026.csv',
      bytes: csv([
        'Commune,Période,Quantité,Montant (€ HT)',
        'villeurbanne,2026-S1,"5 000","15 000,00"',
        'Vénissieux,2026-S1,"2 000,5","6 001,50"',
        'Villeurbanne,2026-S2,4000,12000',
      ]),
    });
    expect(same.ok && same.summary).toBe(
      '2 périodes déjà importées à l’identique : 1er semestre 2026 (2 lignes) et 2e semestre 2026 (1 ligne). Rien n’a changé.',
    );
    const corrected = await importConsumption(deps(), claire, {
      contractId: contract.id,
      filename: 'releve-s1-corrige.csv',
      bytes: csv([
        'Adhérent;Période;Quantité;Montant HT',
        'Villeurbanne;S1 2026;5100;15300',
        'Villeurbanne;2027-T1;2000;6000',
      ]),
    });
    expect(corrected.ok && corrected.summary).toBe(
      '2 périodes importées : 1er semestre 2026 (1 ligne) et 1er trimestre 2027 (1 ligne) ; remplace le relevé déjà importé du 1er semestre 2026.',
    );
    const kept = await reports();
    expect(kept.map((k) => k.periodKey).sort()).toEqual(['2026-S1', '2026-S2', '2027-T1']);
    expect(kept.find((k) => k.periodKey === '2026-S1')!.lines).toEqual([
      { memberId: 'villeurbanne', quantity: '5100', amountCents: 1_530_000 },
    ]);
  });

  it('refuses a period that overlaps one kept under another (a year after its half-years), keeping what was', async () => {
    const claire = await actor('Claire Martin');
    const before = await reports();
    const r = await importConsumption(deps(), claire, {
      contractId: contract.id,
      filename: 'releve-annuel.csv',
      bytes: csv(['Adhérent;Période;Quantité;Montant HT', 'Villeurbanne;2026;9000;27000']),
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toBe(
      'Le relevé « 2026 » chevauche celui de « 1er semestre 2026 », déjà importé : envoyez les mêmes périodes que ce relevé (ou « 1er semestre 2026 » corrigé), pour ne pas compter deux fois la même consommation.',
    );
    expect(!r.ok && r.errors).toHaveLength(2);
    expect(await reports()).toEqual(before);
  });

  it('reads an XLSX (the template filled by another spreadsheet) and Windows’ CSV encoding', async () => {
    const template = await consumptionTemplate(deps(), `${LYON}~${contract.id}`);
    const book = XLSX.read(template!.body as Buffer);
    expect(book.SheetNames).toEqual(['Consommation', 'Mode d’emploi']);
    expect(XLSX.utils.sheet_to_json(book.Sheets.Consommation!, { header: 1 })).toEqual([
      ['Adhérent', 'Période', 'Quantité', 'Montant HT'],
      ['Ville de Villeurbanne'],
      ['Ville de Vénissieux'],
    ]);
    XLSX.utils.sheet_add_aoa(book.Sheets.Consommation!, [['Ville de Villeurbanne', '2027-T2', 2500, 7500.5]], {
      origin: 'A2',
    });
    const r = await importConsumption(deps(), await actor('Claire Martin'), {
      contractId: contract.id,
      filename: 'releve.xlsx',
      bytes: XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer,
    });
    expect(r.ok && r.summary).toBe('1 période importée : 2e trimestre 2027 (1 ligne).');
    const latin1 = Buffer.from('Adhérent;Période;Quantité;Montant HT\r\nVénissieux;2027-T2;10;30\r\n', 'latin1');
    const w = await importConsumption(deps(), await actor('Claire Martin'), {
      contractId: contract.id,
      filename: 'windows.csv',
      bytes: latin1,
    });
    expect(w.ok && w.summary).toBe(
      '1 période importée : 2e trimestre 2027 (1 ligne) ; remplace le relevé déjà importé du 2e trimestre 2027.',
    );
    const csvTemplate = await consumptionTemplateCsv(deps(), `${LYON}~${contract.id}`);
    expect(csvTemplate!.body).toBe(
      '\uFEFFAdhérent;Période;Quantité;Montant HT\r\nVille de Villeurbanne;;;\r\nVille de Vénissieux;;;\r\n',
    );
  });

  it('refuses a file too large, an empty one, an old .xls', async () => {
    const claire = await actor('Claire Martin');
    const run = (filename: string, bytes: Buffer) =>
      importConsumption(deps(), claire, { contractId: contract.id, filename, bytes });
    expect(await run('gros.csv', Buffer.alloc(2 * 1024 * 1024 + 1, 'a'))).toEqual({
      ok: false,
      errors: [expect.stringContaining('Ce fichier est trop volumineux : 2 Mo au plus.')],
    });
    expect(await run('vide.csv', Buffer.alloc(0))).toEqual({
      ok: false,
      errors: [expect.stringContaining('Aucun fichier reçu')],
    });
    expect(await run('vieux.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]))).toEqual({
      ok: false,
      errors: [expect.stringContaining('Excel 97-2003 (.xls)')],
    });
  });

  it('is refused to a person without the role, and for another centrale’s contract, writing nothing', async () => {
    const before = (await reports()).length;
    const file = csv(['Adhérent;Période;Quantité;Montant HT', 'Villeurbanne;2027-T3;1;1']);
    await expect(
      importConsumption(deps(), await actor('Sophie Bernard'), {
        contractId: contract.id,
        filename: 'x.csv',
        bytes: file,
      }),
    ).rejects.toThrow('Seuls les administrateurs et la Direction Achats');
    await expect(
      importConsumption(deps(), await actor('Claire Martin'), {
        contractId: elsewhere.id,
        filename: 'x.csv',
        bytes: file,
      }),
    ).rejects.toThrow('Ce marché n’existe pas (ou plus) dans votre centrale.');
    expect((await reports()).length).toBe(before);
    expect(await store.consumption.listReports('autre-centrale')).toEqual([]);
  });
});
