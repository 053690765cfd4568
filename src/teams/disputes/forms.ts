import { z } from 'zod';
import { draftIdField, optionalText } from '../form-fields';

/** What the disputes cards send; the handlers' types are inferred from these. */
export const reportForm = z.object({
  draftId: draftIdField,
  contractId: optionalText(100),
  category: optionalText(40),
  factsDate: optionalText(20),
  reference: optionalText(100, 'Référence de commande ou de facture'),
  description: optionalText(4000, 'Description'),
  severity: optionalText(20),
  links: optionalText(2000, 'Pièces'),
});
export type ReportForm = z.infer<typeof reportForm>;

export const actForm = z.object({
  fileId: z.string().min(1).max(100),
  disputeId: z.string().min(1).max(100),
  kind: z.enum(['prendre', 'preciser', 'repondre', 'action', 'mettre-en-demeure', 'resoudre', 'rouvrir'], {
    error: 'Action inconnue : rouvrez la carte.',
  }),
  text: optionalText(2000, 'Texte'),
  /** « Pénalités appliquées (€ HT) » on « Résoudre »; older cards send none. */
  penalty: optionalText(30, 'Pénalités appliquées'),
});
export type ActForm = z.infer<typeof actForm>;

export const fileForm = z.object({
  title: optionalText(200, 'Titre du dossier'),
  segment: optionalText(200, 'Segment'),
  coordinatorKey: optionalText(300),
  memberKeys: optionalText(10_000),
});

export const contractForm = z.object({
  fileId: optionalText(100),
  number: optionalText(60, 'Numéro du marché'),
  title: optionalText(200, 'Objet'),
  supplier: optionalText(200, 'Titulaire'),
  lots: optionalText(500, 'Lots'),
  startDate: optionalText(20),
  endDate: optionalText(20),
  memberIds: optionalText(5000),
});

/** The mise en demeure's review form (h53): the letter's variable parts. */
const noticeFields = {
  fileId: z.string().min(1).max(100),
  disputeId: z.string().min(1).max(100),
  clause: optionalText(300, 'Clause méconnue'),
  request: optionalText(2000, 'Ce que le titulaire doit faire'),
  facts: optionalText(3000, 'Les faits'),
  signatoryKey: optionalText(300),
  place: optionalText(100, 'Lieu'),
  supplierAddress: optionalText(500, 'Adresse du titulaire'),
};
/** « Mise en demeure » (prefilled) or « Mettre à jour l’aperçu » (`typed`: the fields as typed). */
export const noticeReviewForm = z.object({ ...noticeFields, typed: z.literal('oui').optional() });
export const noticeSendForm = z.object(noticeFields);
export type NoticeSendForm = z.infer<typeof noticeSendForm>;
