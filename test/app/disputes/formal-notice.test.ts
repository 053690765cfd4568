import { mkdir, writeFile } from 'fs/promises';
import path from 'path';
import { FormalNoticeContext, defaultDraft, formalNoticeModel } from '../../../src/app/disputes/formal-notice';
import { DocumentModel } from '../../../src/app/documents/model';
import { observationsDeadline, validateFormalNotice } from '../../../src/domain/disputes/formal-notice';
import { renderDocx } from '../../../src/documents/docx';
import { renderPdf } from '../../../src/documents/pdf';
import { aDispute } from '../../support/disputes';
import { docxText } from '../../support/docx-reader';
import { pdfPages, pdfText } from '../../support/pdf-reader';

const PARIS = 'Europe/Paris';
const reports = [
  aDispute({
    id: 'd1',
    ref: 'LIT-2026-0007',
    memberId: 'villeurbanne',
    factsDate: '2026-11-12',
    reference: 'BC-2026-118',
    description: 'Livraison attendue le 12 novembre, rien reçu.',
  }),
  aDispute({
    id: 'd2',
    ref: 'LIT-2026-0009',
    memberId: 'bron',
    factsDate: '2026-11-16',
    reference: 'BC-2026-131',
    description: 'Cahiers grand format toujours pas livrés à l’école Jean-Moulin.',
  }),
  aDispute({
    id: 'd0',
    ref: 'LIT-2026-0005',
    memberId: 'villeurbanne',
    factsDate: '2026-11-05',
    reference: '',
    description: 'Première livraison partielle, trois cartons manquants.',
  }),
];
const context = (over: Partial<FormalNoticeContext> = {}): FormalNoticeContext => ({
  dispute: reports[0]!,
  centrale: {
    id: 'c',
    name: 'Centrale d’achat territoriale de la Métropole de Lyon',
    networkLabel: 'RReT',
    timeZone: PARIS,
    operationalCommittee: {
      namePrefix: 'Comité Opérationnel',
      objectives: [],
      participants: [],
      rules: 'commission-consultative',
    },
  } as unknown as FormalNoticeContext['centrale'],
  file: {
    id: 'f',
    centraleId: 'c',
    title: 'Fournitures scolaires',
    segment: 'Fournitures',
    coordinatorKey: 'sophie',
    committeeInstanceId: 'i',
    createdAt: '2026-01-01T00:00:00Z',
  },
  contract: {
    id: 'A',
    centraleId: 'c',
    number: '2026-014',
    title: 'Fournitures scolaires',
    supplier: 'Papeteries Réunies SAS',
    lots: ['1'],
    startDate: '2026-01-01',
    endDate: '2028-12-31',
    memberIds: ['villeurbanne', 'bron'],
    fileId: 'f',
  },
  // Oldest facts first, as the app groups them.
  reports: [reports[2]!, reports[0]!, reports[1]!],
  members: [
    { id: 'villeurbanne', name: 'Ville de Villeurbanne' },
    { id: 'bron', name: 'Ville de Bron' },
  ] as FormalNoticeContext['members'],
  signatories: [
    { key: 'sophie', name: 'Sophie Bernard', role: 'Coordination du dossier' },
    { key: 'marc', name: 'Marc Dupont', role: 'Direction Achats' },
  ],
  timeZone: PARIS,
  version: 1,
  ...over,
});
const draft = {
  ...defaultDraft(context()),
  clause: 'article 5.2 du CCAP (délais de livraison)',
  place: 'Lyon',
  supplierAddress: '12 rue de l’Église\n69003 Lyon',
};
const text = (m: DocumentModel) =>
  m.blocks
    .map((b) =>
      'text' in b
        ? b.text
        : b.kind === 'table'
          ? b.rows.map((r) => r.join(' | ')).join('\n')
          : b.kind === 'facts'
            ? b.rows.map((r) => r.join(' : ')).join('\n')
            : b.kind === 'address'
              ? b.lines.join('\n')
              : b.kind === 'signatures'
                ? b.blocks.map((s) => `${s.role} ${s.name}`).join('\n')
                : '',
    )
    .join('\n');

describe('the mise en demeure letter', () => {
  it('starts with the category’s request, a summary of the grouped reports and the coordinator as signatory', () => {
    const d = defaultDraft(context());
    expect(d.facts).toBe(
      '3 signalements de 2 adhérents, du jeudi 5 novembre 2026 au lundi 16 novembre 2026, font état du même manquement : retard de livraison ou de prestation.',
    );
    expect(d.request).toMatch(/^Exécuter sans délai les commandes en retard/);
    expect(d.signatoryKey).toBe('sophie');
    expect(validateFormalNotice(d, ['sophie', 'marc'])).toEqual({
      clause: expect.stringContaining('Indiquez l’article du CCAP ou du CCAG'),
    });
    expect(validateFormalNotice({ ...d, clause: 'article 5.2', signatoryKey: 'x' }, ['sophie'])).toEqual({
      signatoryKey: expect.stringContaining('Choisissez le signataire'),
    });
  });

  it('names the supplier, the contract, every grouped report with its date and reference, the clause, the request and the rules', () => {
    const m = formalNoticeModel(context(), draft, new Date('2026-12-03T10:00:00Z'));
    expect(m.title).toBe('Mise en demeure — marché n° 2026-014 (Fournitures scolaires)');
    expect(m.issuer).toBe('Centrale d’achat territoriale de la Métropole de Lyon');
    expect(m.blocks.find((b) => b.kind === 'address')).toEqual({
      kind: 'address',
      lines: ['Papeteries Réunies SAS', '12 rue de l’Église', '69003 Lyon'],
    });
    const t = text(m);
    for (const s of [
      'Lyon, le 3 décembre 2026',
      'Nos références : LIT-2026-0005, LIT-2026-0007, LIT-2026-0009',
      'Lettre recommandée avec demande d’avis de réception',
      'LIT-2026-0005 | Ville de Villeurbanne | 5 novembre 2026 | — | Première livraison partielle',
      'LIT-2026-0007 | Ville de Villeurbanne | 12 novembre 2026 | BC-2026-118 |',
      'LIT-2026-0009 | Ville de Bron | 16 novembre 2026 | BC-2026-131 |',
      'au regard de : article 5.2 du CCAP (délais de livraison).',
      'Nous vous mettons en demeure de : exécuter sans délai',
      'délai de 15 jours à compter de l’envoi de la présente lettre, soit jusqu’au vendredi 18 décembre 2026 inclus',
      'pourront vous être appliquées',
      'ne dépasse pas 1\u202f000,00 € HT pour l’ensemble du marché ne sont pas appliquées',
      'plafonné à 10 % du montant hors taxes du marché',
      'Coordination du dossier Sophie Bernard',
      'adhérents concernés : Ville de Villeurbanne, Ville de Bron.',
    ])
      expect(t).toContain(s);
  });

  it('counts the 15 days in local dates: sent at 00:30 local, the day of sending not counted', () => {
    // 00:30 in Paris on 1 January is still 31 December in UTC.
    const sent = new Date('2026-12-31T23:30:00Z');
    expect(observationsDeadline(sent, PARIS)).toBe('2027-01-16');
    const t = text(formalNoticeModel(context(), draft, sent));
    expect(t).toContain('Lyon, le 1er janvier 2027');
    expect(t).toContain('soit jusqu’au samedi 16 janvier 2027 inclus');
  });

  it('keeps the right last day across a change of time (spring and autumn)', () => {
    // 00:30 on 20 March 2027 (UTC+1); the clocks go forward on 28 March: 4 April included.
    const spring = new Date('2027-03-19T23:30:00Z');
    expect(text(formalNoticeModel(context(), draft, spring))).toContain('soit jusqu’au dimanche 4 avril 2027 inclus');
    // 00:30 on 21 October 2026 (UTC+2); back on 25 October: 5 November included.
    const autumn = new Date('2026-10-20T22:30:00Z');
    const t = text(formalNoticeModel(context(), draft, autumn));
    expect(t).toContain('Lyon, le 21 octobre 2026');
    expect(t).toContain('soit jusqu’au jeudi 5 novembre 2026 inclus');
    // Another centrale's zone is its own: 00:30 in Nouméa (UTC+11) is the previous day in Paris.
    const noumea = new Date('2026-12-02T13:30:00Z');
    expect(text(formalNoticeModel(context({ timeZone: 'Pacific/Noumea' }), draft, noumea))).toContain(
      'soit jusqu’au vendredi 18 décembre 2026 inclus',
    );
  });

  it('renders to PDF and DOCX that read back the same words; its pages are kept as PNG for a look', async () => {
    const m = formalNoticeModel(context(), draft, new Date('2026-12-03T10:00:00Z'));
    const pdf = await renderPdf(m);
    const p = await pdfText(pdf);
    for (const s of [
      'Papeteries Réunies SAS',
      '2026-014',
      'LIT-2026-0009',
      'BC-2026-131',
      '15 jours',
      'vendredi 18 décembre 2026',
    ])
      expect(p).toContain(s);
    const dir = path.join(__dirname, '../../../build/documents');
    await mkdir(dir, { recursive: true });
    const pages = await pdfPages(pdf, { dpi: 80, outDir: dir, prefix: 'mise-en-demeure' });
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const p of pages) expect(p.png.subarray(1, 4).toString()).toBe('PNG');
    const docx = await renderDocx(m);
    await writeFile(path.join(dir, 'mise-en-demeure.docx'), docx);
    const w = await docxText(docx);
    for (const s of [
      'Papeteries Réunies SAS',
      'LIT-2026-0005',
      'au regard de : article 5.2 du CCAP',
      'soit jusqu’au vendredi 18 décembre 2026 inclus',
    ])
      expect(w).toContain(s);
  });
});
