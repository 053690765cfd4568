/** Roles a person holds in a centrale (not in one instance: see InstanceMember.organiser). */
export const ROLES = ['administrateur', 'coordinateur', 'acheteur', 'elu', 'directeur', 'referent'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  administrateur: 'Administrateur',
  coordinateur: 'Coordinateur·rice',
  acheteur: 'Direction Achats',
  elu: 'Élu·e',
  directeur: 'Directeur·rice',
  referent: 'Référent·e de commune',
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
