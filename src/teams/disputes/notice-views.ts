import { FormalNoticeReview } from '../../app/disputes/formal-notice';
import { DocBlock, DocumentModel } from '../../app/documents/model';
import { count } from '../../domain/french-text';
import { CardJson, cardText, renderCard } from '../card-renderer';

type Line = { text: string; weight: string; size: string; align: string };
const line = (text: string, o: Partial<Line> = {}): Line => ({
  text: cardText(text),
  weight: 'Default',
  size: 'Default',
  align: 'Left',
  ...o,
});

/** One block of the letter as lines of the card's preview: the same words, in the same order. */
function linesOf(b: DocBlock): Line[] {
  switch (b.kind) {
    case 'heading':
      return [line(b.text, { weight: 'Bolder' })];
    case 'paragraph':
      return [
        line(b.text, {
          weight: b.bold ? 'Bolder' : 'Default',
          size: b.small ? 'Small' : 'Default',
          align: b.align === 'right' ? 'Right' : 'Left',
        }),
      ];
    case 'facts':
      return b.rows.map(([l, v]) => ({ ...line(''), text: `**${cardText(l)}** : ${cardText(v || '—')}` }));
    case 'list':
      return b.items.map((t, n) => line(`${b.numbered ? `${n + 1}.` : '•'} ${t}`));
    case 'table':
      return b.rows.map((r) => line(`• ${r.filter(Boolean).join(' — ')}`));
    case 'signatures':
      return b.blocks.map((s) => line(`${s.role} : ${s.name}`, { weight: 'Bolder', align: 'Right' }));
    case 'address':
      return [line(b.lines.join('\r'), { align: 'Right' })];
    case 'image':
      return [line(`Graphique : ${b.alt}`, { size: 'Small' })];
  }
}

/** The letter as the card previews it: its title, then every block. */
export const previewLines = (m: DocumentModel): Line[] => [
  line(m.issuer.toUpperCase(), { size: 'Small' }),
  line(m.title, { weight: 'Bolder', size: 'Medium' }),
  ...(m.subtitle ? [line(m.subtitle, { size: 'Small' })] : []),
  ...m.blocks.flatMap(linesOf),
];

/**
 * The review before sending: the letter's variable parts (as typed, or prefilled), the errors
 * beside their fields, and the letter as it will go. « Générer et envoyer » sends it, « Retour »
 * goes back to the dispute unchanged.
 */
export function formalNoticeCard(r: FormalNoticeReview, error = ''): CardJson {
  const c = r.context;
  const n = c.reports.length;
  const errors = r.errors;
  return renderCard('dispute.notice', {
    ref: c.dispute.ref,
    fileId: c.dispute.fileId,
    disputeId: c.dispute.id,
    intro: cardText(
      `La lettre cite ${n === 1 ? 'ce signalement' : `les ${count(n, 'signalement', 'signalements')} groupés`} (${c.reports.map((x) => x.ref).join(', ')}). Vérifiez-la : « Générer et envoyer » produit le PDF et le DOCX, les garde avec le litige et passe le litige en mise en demeure (15 jours pour répondre).`,
    ),
    error: error ? cardText(error) : '',
    typed: {
      clause: r.draft.clause,
      request: r.draft.request,
      facts: r.draft.facts,
      signatoryKey: r.draft.signatoryKey,
      place: r.draft.place,
      supplierAddress: r.draft.supplierAddress,
    },
    signatories: c.signatories.map((s) => ({ title: cardText(`${s.name} — ${s.role}`), value: s.key })),
    errors: Object.fromEntries(
      (['clause', 'request', 'facts', 'signatoryKey', 'place', 'supplierAddress'] as const).map((f) => [
        f,
        errors[f] ? cardText(errors[f]) : '',
      ]),
    ),
    preview: previewLines(r.preview),
  });
}
