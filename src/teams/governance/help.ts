import { Actor } from '../../app/identify-actor';
import { CommandRule, allowedCommands, whomToAsk } from '../../app/governance/queries';
import { frenchList } from '../../domain/french-text';
import { isOrganiser, referentMemberOf } from '../../domain/governance';
import { can } from '../../domain/permissions';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { z } from 'zod';

interface CommandHelp extends CommandRule {
  command: string;
  description: string;
  /** A sentence that works, as a person would write it (the help suggests a few). */
  example?: string;
}

/** What people can type, each shown only to whom may use it. Later features add their lines here. */
export const COMMAND_HELP: CommandHelp[] = [
  {
    command: 'comités',
    description: 'la carte de la gouvernance : instances, objectifs, participants, canaux',
    action: 'governance.view',
  },
  {
    command: 'lier',
    description: 'lier ce canal à une instance (dans un canal d’équipe ou un groupe)',
    action: 'channel.link',
    onlyIn: ['channel', 'groupChat'],
  },
  {
    command: 'membres',
    description: 'choisir les membres et les organisateurs d’une instance',
    action: 'instance.members.set',
    perInstance: true,
  },
  {
    command: 'convoquer',
    example: 'convoquer une séance mardi prochain à 14 h',
    description: 'convoquer une séance d’une instance que vous organisez',
    action: 'meeting.convene',
    perInstance: true,
  },
  {
    command: 'scrutin',
    example: 'ouvrir un vote jusqu’à vendredi 18 h',
    description: 'ouvrir un vote d’une instance que vous organisez (nominatif ou secret, pouvoirs, quorum, majorité)',
    action: 'ballot.manage',
    perInstance: true,
  },
  {
    command: 'circuit',
    example: 'lancer le circuit de validation',
    description: 'lancer le circuit de validation de la programmation (ou d’un autre sujet)',
    action: 'circuit.start',
  },
  {
    command: 'où en est le circuit ?',
    description: 'le circuit de validation en cours : son étape, ses avis et ses votes',
    action: 'help.view',
    // Its owner and the members of its stages follow it.
    where: (p, instances) =>
      can(p, 'circuit.start') || instances.some((i) => i.members.some((m) => m.personKey === p.key)),
  },
  {
    command: 'campagne',
    example: 'lancer le recensement des besoins',
    description: 'ouvrir une campagne de recensement des besoins des adhérents',
    action: 'campaign.manage',
  },
  {
    command: 'besoins',
    example: 'je voudrais déclarer nos besoins',
    description: 'la campagne de recensement en cours : déclarer vos besoins, ou la suivre',
    action: 'help.view',
    // Référents of an adhérent declare; the coordination follows.
    only: (p) => !!referentMemberOf(p) || can(p, 'campaign.manage'),
  },
  {
    command: 'litige',
    example: 'signaler un problème de livraison sur un marché',
    description: 'signaler un problème sur un marché que votre commune utilise',
    action: 'help.view',
    only: (p) => !!referentMemberOf(p),
  },
  {
    command: 'dossiers',
    description: 'les dossiers d’achat, leurs Comités Opérationnels et leurs marchés',
    action: 'registry.manage',
  },
  {
    command: 'bilan',
    example: 'le bilan des marchés de cette année',
    description: 'le bilan des marchés : gains achats, consommation, adhérents, litiges et satisfaction, par année',
    action: 'bilan.view',
  },
  {
    command: 'bilan de ma commune',
    description: 'ce que votre commune a économisé sur les marchés de la centrale',
    action: 'help.view',
    only: (p) => !!referentMemberOf(p),
  },
  {
    command: 'bilan des litiges',
    description: 'le bilan des litiges par marché et par titulaire',
    action: 'help.view',
  },
  {
    command: 'enquête',
    description: 'envoyer une enquête de satisfaction anonyme aux adhérents (Comité Méthodes)',
    action: 'survey.manage',
  },
  {
    command: 'données',
    description: 'exporter ou effacer les données d’une personne (RGPD), journal des actions d’administration',
    action: 'person.data.manage',
  },
  {
    command: 'mes convocations',
    example: 'quand est la prochaine réunion ?',
    description: 'les séances à venir auxquelles vous êtes convoqué·e, et votre réponse',
    action: 'help.view',
  },
  {
    command: 'mes séances',
    description: 'les séances que vous organisez : prévision du quorum, modification, relevé de décisions',
    action: 'help.view',
    where: (p, instances) => instances.some((i) => isOrganiser(i, p.key)),
  },
  {
    command: 'quorum',
    example: 'le quorum du COPIL est-il atteint ?',
    description: 'la prévision du quorum de la prochaine séance que vous organisez',
    action: 'help.view',
    where: (p, instances) => instances.some((i) => isOrganiser(i, p.key)),
  },
  {
    command: 'mes scrutins',
    example: 'mes votes',
    description: 'les scrutins où vous votez ou que vous organisez, en cours ou clos depuis 30 jours',
    action: 'help.view',
    // Voters are the members of an instance at the opening; organisers follow theirs.
    where: (p, instances) => instances.some((i) => i.members.some((m) => m.personKey === p.key)),
  },
  {
    command: 'mes campagnes',
    description: 'les campagnes de recensement que vous coordonnez ou auxquelles votre commune répond',
    action: 'help.view',
    only: (p) => !!referentMemberOf(p) || can(p, 'campaign.manage'),
  },
  {
    command: 'mes litiges',
    example: 'où en sont mes réclamations ?',
    description: 'les litiges que vous avez signalés ou que votre Comité Opérationnel traite',
    action: 'help.view',
    where: (p, instances) =>
      !!referentMemberOf(p) ||
      instances.some((i) => !!i.purchaseFileId && i.members.some((m) => m.personKey === p.key)),
  },
  {
    command: 'annonce',
    description: 'écrire aux membres d’une instance, avec un rapport d’envoi',
    action: 'instance.announce',
    perInstance: true,
  },
  {
    command: 'rôles',
    description: 'attribuer les rôles de la centrale (administrateur, coordinateur, référent…)',
    action: 'person.roles.set',
  },
  {
    command: 'importer',
    description: 'importer des membres d’un tableau (nom, e-mail, adhérent, rôles, envoi)',
    action: 'person.roles.set',
  },
];

export async function commandsFor(
  turn: Turn,
): Promise<Array<{ command: string; description: string; example?: string }>> {
  const allowed = await allowedCommands(turn.deps, turn.actor, turn.scope, COMMAND_HELP);
  return allowed.map(({ command, description, example }) => ({ command, description, example }));
}

/** How many sentences the help suggests: those of the first of the person’s commands that have one. */
const EXAMPLES_SHOWN = 3;

/** « Vous pouvez aussi m’écrire une phrase, par exemple « … », « … » ou « … ». » */
function examplesText(commands: Array<{ example?: string }>): string {
  const examples = commands.flatMap((c) => (c.example ? [`« ${c.example} »`] : [])).slice(0, EXAMPLES_SHOWN);
  return examples.length ? ` Vous pouvez aussi m’écrire une phrase, par exemple ${frenchList(examples, 'ou')}.` : '';
}

function greeting(actor: Actor): string {
  if (!actor.person || !actor.centrale) return '';
  return `Bonjour ${cardText(actor.person.displayName)} — ${cardText(actor.centrale.name)}.`;
}

/** « Claire Martin (claire.martin@…) » for each administrator of each centrale that can be told. */
async function whomToAskText(turn: Turn): Promise<string> {
  const found = await whomToAsk(turn.deps, turn.actor, turn.conversationId);
  if (!found.length)
    return 'Aucune centrale d’achat n’est rattachée à votre organisation ni à cette conversation : je ne peux pas vous dire à qui vous adresser. Demandez à la direction des achats de votre collectivité qui administre sa centrale d’achat.';
  return found
    .map(({ centraleName, administrators }) => {
      const names = frenchList(
        administrators.map((a) => `${cardText(a.name)}${a.email ? ` (${cardText(a.email)})` : ''}`),
      );
      return `Pour « ${cardText(centraleName)} », écrivez à ${administrators.length > 1 ? 'l’un de ses administrateurs' : 'son administrateur·rice'} : ${names}, par courriel ou dans Teams.`;
    })
    .join('\r');
}

export async function helpCard(turn: Turn, intro?: string): Promise<CardJson> {
  const registered = !!turn.actor.person;
  const commands = registered ? await commandsFor(turn) : [];
  return renderCard('help', {
    title: registered ? 'Ce que je peux faire pour vous' : 'Assistant de gouvernance de la centrale d’achat',
    intro:
      intro ??
      (registered
        ? greeting(turn.actor)
        : 'Vous n’êtes pas encore enregistré·e dans une centrale d’achat : un administrateur de la centrale doit vous ajouter ; en attendant, je ne peux vous montrer que cette aide.'),
    contact: registered ? '' : await whomToAskText(turn),
    commands: commands.map(({ command, description }) => ({ command, description })),
    footer: registered
      ? `Touchez un bouton, ou tapez la commande dans la conversation ; dans un canal, mentionnez-moi d’abord.${examplesText(commands)}`
      : 'Une fois enregistré·e, tapez « aide » : je vous montrerai ce que vous pouvez faire.',
  });
}

export function registerHelp(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('help', (turn) => helpCard(turn));
  verbs.add('help.show', z.object({}).passthrough(), (turn) => helpCard(turn));
}

/** The answer to text the bot does not understand: never silence. */
export async function notUnderstoodCard(turn: Turn, text: string): Promise<CardJson> {
  if (!turn.actor.person) return helpCard(turn);
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return helpCard(turn, `Je n’ai pas compris « ${cardText(shown)} ». Voici ce que vous pouvez me demander :`);
}
