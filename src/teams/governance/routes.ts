import { z } from 'zod';
import { Instance, TIER_LABELS, Tier } from '../../domain/governance';
import { governanceMap } from '../../app/governance/queries';
import { describeRules } from '../../domain/rules';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { CommandRouter } from '../command-router';
import { Turn } from '../turn';
import { VerbRouter } from '../verb-router';
import { count } from '../../domain/french-text';

const TIER_ORDER: Tier[] = ['politique', 'technique', 'operationnel'];

const instanceView = (i: Instance) => ({
  name: i.name,
  // Adaptive Card Markdown lists: one "- item" per line, lines separated by \r.
  objectives: i.objectives.map((o) => `- ${o}`).join('\r'),
  participants: i.participants.join(', '),
  frequency: i.frequency ?? 'à définir',
  members: i.members.length === 0 ? 'aucun membre enregistré' : count(i.members.length, 'membre', 'membres'),
  channel: i.channel ? cardText(i.channel.name) : 'aucun canal lié',
  rules: describeRules(i.rules),
});

export async function governanceCard(turn: Turn): Promise<CardJson> {
  const { centrale, instances } = await governanceMap(turn.deps, turn.actor);
  const standing = instances.filter((i) => !i.purchaseFileId);
  const operational = instances.filter((i) => i.purchaseFileId);
  const tiers = TIER_ORDER.map((tier) => ({
    label: TIER_LABELS[tier],
    instances: standing.filter((i) => i.tier === tier).map(instanceView),
  })).filter((t) => t.instances.length > 0);
  const oc = centrale.operationalCommittee;
  const footer =
    `${oc.namePrefix} : un par dossier d’achat, à géométrie variable (${oc.participants.join(', ')}). ` +
    (operational.length === 0
      ? 'Aucun dossier d’achat n’a encore de comité.'
      : `${count(operational.length, 'comité opérationnel', 'comités opérationnels')} : ${operational.map((i) => i.name).join(' ; ')}.`);
  return renderCard('governance-map', { centraleName: centrale.name, tiers, footer });
}

export function registerGovernance(commands: CommandRouter, verbs: VerbRouter): void {
  commands.add('governance.view', (turn) => governanceCard(turn));
  verbs.add('governance.show', z.object({}).passthrough(), (turn) => governanceCard(turn));
}
