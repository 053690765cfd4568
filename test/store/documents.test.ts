import { recordDocument, sha256Of } from '../../src/app/documents/record-document';
import { DocumentModel } from '../../src/app/documents/model';
import { createDocumentRenderer } from '../../src/documents/renderer';
import { Store, openStore } from '../../src/store/open-store';
import { pdfText } from '../support/pdf-reader';

/** Documents of record kept frozen through the real SDK on the embedded server. */
let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'documents', snapshotFile: null });
});
afterAll(() => store.close());

const model = (title: string): DocumentModel => ({
  title,
  issuer: 'Centrale d’achat',
  generatedAt: new Date('2026-12-08T13:00:00Z'),
  footer: 'Généré par le bot',
  blocks: [{ kind: 'paragraph', text: 'Ordre du jour : approbation du programme.' }],
});

describe('documents of record', () => {
  it('keeps the bytes whose SHA-256 the record gives, and a second generation of the same version changes nothing', async () => {
    const deps = { documents: store.documents, documentRenderer: createDocumentRenderer() };
    const input = {
      centraleId: 'c1',
      owner: { kind: 'seance' as const, id: 's-docs-1' },
      kind: 'convocation' as const,
      version: 1,
      label: 'Convocation, version 1',
      basename: 'convocation-copil-v1',
      formats: ['pdf' as const],
      by: 't:claire',
    };
    const [first] = await recordDocument(deps, { ...input, model: model('Convocation — COPIL') });
    expect(first!.created).toBe(true);
    const kept = await store.documents.get('s-docs-1', first!.record.id);
    expect(sha256Of(kept!.content)).toBe(first!.record.sha256);
    expect(kept!.record.filename).toBe('convocation-copil-v1.pdf');
    expect(await pdfText(kept!.content)).toContain('Convocation — COPIL');
    // A double click, or a retry: the same version is found kept, not generated again.
    const [again] = await recordDocument(deps, { ...input, model: model('Autre titre') });
    expect(again!.created).toBe(false);
    expect(again!.record.sha256).toBe(first!.record.sha256);
    expect(await pdfText((await store.documents.get('s-docs-1', first!.record.id))!.content)).toContain('COPIL');
    expect((await store.documents.list('s-docs-1')).map((r) => r.id)).toEqual(['convocation-v1.pdf']);
    expect(await store.documents.list('s-autre')).toEqual([]);
  });

  it('two instances saving the same document at once leave one record whose bytes match its fingerprint', async () => {
    const record = (content: Buffer) => ({
      id: 'proces-verbal-v1.pdf',
      centraleId: 'c1',
      ownerKind: 'seance' as const,
      ownerId: 's-docs-2',
      kind: 'proces-verbal' as const,
      version: 1,
      format: 'pdf' as const,
      label: 'Procès-verbal',
      filename: 'pv.pdf',
      contentType: 'application/pdf',
      sha256: sha256Of(content),
      size: content.length,
      generatedAt: new Date().toISOString(),
      generatedBy: 't:claire',
    });
    const a = Buffer.from('%PDF-a');
    const b = Buffer.from('%PDF-b');
    const saved = await Promise.all([store.documents.save(record(a), a), store.documents.save(record(b), b)]);
    expect(saved.filter(Boolean)).toHaveLength(1);
    const kept = await store.documents.get('s-docs-2', 'proces-verbal-v1.pdf');
    expect(sha256Of(kept!.content)).toBe(kept!.record.sha256);
  });
});
