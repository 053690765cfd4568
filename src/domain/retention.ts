/**
 * How long each kind of record is kept after its last change, before the daily purge deletes
 * it. Decisions (sittings, relevés, ballots, circuits, programmes) are public archives and are
 * never purged here: they can only be pseudonymised (« Membre supprimé »).
 */
export const RETENTION_KINDS = {
  etat: { label: 'État de conversation du bot', defaultDays: 180 },
  envois: { label: 'Preuves d’envoi (messages, destinataires, états)', defaultDays: 1095 },
  enquetes: { label: 'Réponses anonymes aux enquêtes de satisfaction', defaultDays: 730 },
  journal: { label: 'Journal des actions d’administration', defaultDays: 1825 },
} as const;

export type RetentionKind = keyof typeof RETENTION_KINDS;
export type RetentionDays = Record<RetentionKind, number>;

export const RETENTION_SYNTAX =
  /^\s*(etat|envois|enquetes|journal)=\d{1,5}d(\s*,\s*(etat|envois|enquetes|journal)=\d{1,5}d)*\s*$/;

/** The configured durations ("etat=90d,envois=365d"), each kind not named keeping its default. */
export function retentionOf(spec: string | undefined): RetentionDays {
  const days = Object.fromEntries(Object.entries(RETENTION_KINDS).map(([k, v]) => [k, v.defaultDays])) as RetentionDays;
  for (const part of (spec ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, value] = part.split('=') as [RetentionKind, string];
    days[kind] = Number(value.slice(0, -1));
  }
  return days;
}

/** Records of `kind` last changed before this instant are due for deletion. */
export const purgeCutoff = (now: Date, days: number): Date => new Date(now.getTime() - days * 86_400_000);
