import { ErrorCode } from './error-codes';
import { DomainError } from './errors';
import { Instance, Person, isOrganiser } from './governance';
import { Role } from './roles';

/** Everything a person may try. The table below is the single place that says who may do what. */
export type Action =
  | 'help.view'
  | 'governance.view'
  | 'channel.link'
  | 'instance.members.set'
  | 'person.roles.set'
  | 'people.view'
  | 'instance.announce'
  | 'delivery.report.view'
  | 'meeting.convene'
  | 'meeting.forecast.view'
  | 'ballot.manage'
  | 'circuit.start'
  | 'campaign.manage'
  | 'registry.manage'
  | 'survey.manage'
  | 'bilan.view'
  | 'person.data.manage';

export interface ActionContext {
  instance?: Instance;
  /** For a delivery report: who sent the notice. */
  senderKey?: string | null;
}

interface Permission {
  /** Who may do it, in French, for the help card and the documentation table. */
  who: string;
  allows: (actor: Person, ctx: ActionContext) => boolean;
  denial: string;
}

const hasRole = (actor: Person, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r));

export const PERMISSIONS: Record<Action, Permission> = {
  'help.view': {
    who: 'toute personne de la centrale',
    allows: () => true,
    denial: '',
  },
  'governance.view': {
    who: 'toute personne de la centrale',
    allows: () => true,
    denial: '',
  },
  'people.view': {
    who: 'administrateurs, coordinateurs',
    allows: (a) => hasRole(a, 'administrateur', 'coordinateur'),
    denial: 'Seuls les administrateurs et les coordinateurs voient l’annuaire de la centrale.',
  },
  'channel.link': {
    who: 'administrateurs',
    allows: (a) => hasRole(a, 'administrateur'),
    denial: 'Seul un administrateur de la centrale peut lier un canal à une instance.',
  },
  'instance.members.set': {
    who: 'administrateurs, organisateurs de l’instance',
    allows: (a, ctx) => hasRole(a, 'administrateur') || (!!ctx.instance && isOrganiser(ctx.instance, a.key)),
    denial: 'Seul un administrateur ou un organisateur de l’instance peut en modifier les membres.',
  },
  'instance.announce': {
    who: 'administrateurs, organisateurs de l’instance',
    allows: (a, ctx) => hasRole(a, 'administrateur') || (!!ctx.instance && isOrganiser(ctx.instance, a.key)),
    denial: 'Seul un administrateur ou un organisateur de l’instance peut écrire à ses membres.',
  },
  'meeting.convene': {
    who: 'organisateurs de l’instance',
    allows: (a, ctx) => !!ctx.instance && isOrganiser(ctx.instance, a.key),
    denial:
      'Seuls les organisateurs de l’instance peuvent la convoquer. Un administrateur peut vous en nommer organisateur (« membres »).',
  },
  'meeting.forecast.view': {
    who: 'organisateurs de l’instance, administrateurs',
    allows: (a, ctx) => hasRole(a, 'administrateur') || (!!ctx.instance && isOrganiser(ctx.instance, a.key)),
    denial: 'La prévision du quorum est réservée aux organisateurs de l’instance.',
  },
  'ballot.manage': {
    who: 'organisateurs de l’instance',
    allows: (a, ctx) => !!ctx.instance && isOrganiser(ctx.instance, a.key),
    denial: 'Seuls les organisateurs de l’instance ouvrent, suivent, clôturent ou annulent ses scrutins.',
  },
  'circuit.start': {
    who: 'administrateurs, coordinateurs, Direction Achats',
    allows: (a) => hasRole(a, 'administrateur', 'coordinateur', 'acheteur'),
    denial: 'Seuls la Direction Achats, les coordinateurs et les administrateurs lancent un circuit de validation.',
  },
  'campaign.manage': {
    who: 'coordinateurs, Direction Achats, administrateurs',
    allows: (a) => hasRole(a, 'administrateur', 'coordinateur', 'acheteur'),
    denial:
      'Seuls les coordinateurs, la Direction Achats et les administrateurs conduisent le recensement des besoins.',
  },
  'registry.manage': {
    who: 'administrateurs, Direction Achats',
    allows: (a) => hasRole(a, 'administrateur', 'acheteur'),
    denial: 'Seuls les administrateurs et la Direction Achats gèrent les dossiers d’achat et les marchés.',
  },
  'survey.manage': {
    who: 'organisateurs du Comité Méthodes, administrateurs',
    allows: (a, ctx) => hasRole(a, 'administrateur') || (!!ctx.instance && isOrganiser(ctx.instance, a.key)),
    denial:
      'Seuls les organisateurs du Comité Méthodes et les administrateurs conduisent les enquêtes de satisfaction.',
  },
  'bilan.view': {
    who: 'administrateurs, Direction Achats, coordinateurs, élus, directeurs (un référent voit sa commune)',
    allows: (a) => hasRole(a, 'administrateur', 'acheteur', 'coordinateur', 'elu', 'directeur'),
    denial:
      'Seuls la Direction Achats, les coordinateurs, les élus et les directeurs voient le bilan de la centrale. Tapez « bilan de ma commune » pour voir ce que votre commune a économisé.',
  },
  'person.data.manage': {
    who: 'administrateurs',
    allows: (a) => hasRole(a, 'administrateur'),
    denial: 'Seul un administrateur exporte ou efface les données d’une personne.',
  },
  'delivery.report.view': {
    who: 'l’expéditeur de l’envoi, administrateurs',
    allows: (a, ctx) => hasRole(a, 'administrateur') || ctx.senderKey === a.key,
    denial: 'Seuls l’expéditeur et les administrateurs voient le rapport de cet envoi.',
  },
  'person.roles.set': {
    who: 'administrateurs',
    allows: (a) => hasRole(a, 'administrateur'),
    denial: 'Seul un administrateur de la centrale peut attribuer des rôles.',
  },
};

export const NOT_REGISTERED =
  'Vous n’êtes pas encore enregistré·e dans une centrale d’achat. Demandez à un administrateur de la centrale de vous ajouter : tapez « aide » pour savoir qui l’administre.';

export function can(actor: Person | null, action: Action, ctx: ActionContext = {}): boolean {
  return !!actor && PERMISSIONS[action].allows(actor, ctx);
}

/** Throws a DomainError with a French message naming the rule when the actor may not act. */
export function authorize(actor: Person | null, action: Action, ctx: ActionContext = {}): asserts actor is Person {
  if (!actor) throw new DomainError(ErrorCode.NotRegistered, NOT_REGISTERED);
  if (!PERMISSIONS[action].allows(actor, ctx)) throw new DomainError(ErrorCode.Forbidden, PERMISSIONS[action].denial);
}
