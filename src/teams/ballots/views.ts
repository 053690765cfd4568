import { ManageView } from '../../app/ballots/manage-view';
import { VoterView } from '../../app/ballots/voter-view';
import {
  Ballot,
  BallotResult,
  MAJORITY_LABELS,
  SUBJECT_LABELS,
  VISIBILITY_LABELS,
  stillRunning,
  tallyVisible,
  votingOpen,
} from '../../domain/ballots/ballot';
import { frenchNumber } from '../../domain/french-format';
import { OUTCOME_LABELS, Vote, doubleMajorityParts, isSealed } from '../../domain/ballots/voting';
import { Person, personByKey } from '../../domain/governance';
import { frenchDateTime } from '../../domain/meetings/zoned-time';
import { CardJson, cardText, renderCard } from '../card-renderer';
import { longText } from '../long-text';
import { BotDeps } from '../turn';
import { count } from '../../domain/french-text';
import { OwnFiles, documentLinks, withLinkButtons } from '../doc-links';

// Kept for src/teams/needs/routes.ts (submitProgramme) until it posts with deps.presenters.ballots.

const DAY = 86_400_000;
export const nameIn = (people: Person[]) => {
  const byKey = personByKey(people);
  return (k: string | null) => cardText(byKey(k)?.displayName ?? 'un membre');
};

/** The audit trail of a ballot or circuit: CSV and workbook (XLSX). */
export interface AuditLinks {
  csv: string;
  xlsx: string;
}

/** Signed links to the audit trail (CSV and XLSX) of a ballot or circuit, valid `days` days. */
export const auditLink = (deps: Pick<BotDeps, 'links' | 'clock'>, id: string, days: number): AuditLinks => {
  const until = new Date(deps.clock.now().getTime() + days * DAY);
  return { csv: deps.links.url('journal', id, until), xlsx: deps.links.url('journal-xlsx', id, until) };
};

const tallyFacts = (b: Ballot, votes: Vote[]) =>
  b.result
    ? b.result.counts.map((c) => ({ title: cardText(c.choice), value: String(c.votes) }))
    : (() => {
        // One pass over the votes (2,000 voters: never votes × voters comparisons per choice).
        const voters = new Set(b.voterKeys);
        const n = new Map<string, number>();
        for (const v of votes) if (voters.has(v.voterKey)) n.set(v.choice, (n.get(v.choice) ?? 0) + 1);
        return b.choices.map((choice) => ({ title: cardText(choice), value: String(n.get(choice) ?? 0) }));
      })();

function common(b: Ballot, votes: Vote[], own?: OwnFiles) {
  const voters = new Set(b.voterKeys);
  const cast = b.result?.cast ?? votes.filter((v) => voters.has(v.voterKey)).length;
  return {
    ballotId: b.id,
    heading: cardText(`${SUBJECT_LABELS[b.subjectKind]} : ${b.subject}`),
    question: longText(b.question),
    instanceName: cardText(b.instanceName),
    closes: frenchDateTime(new Date(b.closesAt), b.timeZone),
    modalities: `${b.secret ? 'scrutin secret' : 'scrutin nominatif'} · résultats ${VISIBILITY_LABELS[b.visibility]} · ${MAJORITY_LABELS[b.majority]}`,
    participation: `${count(cast, 'votant', 'votants')} sur ${b.voterKeys.length}`,
    links: documentLinks(b.links, own).markdown,
  };
}

/** The ballot's own files (the programme of a circuit's vote) as named buttons, under its documents. */
const withOwnFiles = (card: CardJson, b: Ballot, own?: OwnFiles): CardJson => {
  const { buttons } = documentLinks(b.links, own);
  const body = (card.body as Array<{ type?: string }> | undefined) ?? [];
  const facts = body.findIndex((x) => x.type === 'FactSet');
  return withLinkButtons(card, buttons, facts >= 0 ? facts + 1 : undefined);
};

const statusBanner = (b: Ballot) =>
  b.status === 'annule'
    ? `Scrutin annulé : ${cardText(b.cancelReason ?? '')}`
    : b.status === 'clos'
      ? `Scrutin clos — ${b.result ? OUTCOME_LABELS[b.result.outcome] : 'dépouillement en cours'}`
      : b.status === 'programme'
        ? `Ouverture le ${frenchDateTime(new Date(b.opensAt), b.timeZone)}`
        : '';

/** A voter's own card (also what the channel card shows them when Teams refreshes it). */
export function voterCard(
  b: Ballot,
  view: {
    people: Person[];
    votes: Vote[];
    viewerKey: string;
    proxies: Map<string, string>;
    /** When the card is drawn: no vote buttons once the closing time has come. */
    now: Date;
    banner?: string;
    error?: string;
    /** Tells the bot's own files among the ballot's documents (they get a named button). */
    own?: OwnFiles;
  },
): CardJson {
  const { people, votes, viewerKey, proxies } = view;
  const name = nameIn(people);
  const mine = votes.find((v) => v.voterKey === viewerKey);
  const represented = [...proxies.entries()].filter(([, holder]) => holder === viewerKey).map(([k]) => k);
  const forChoices = [
    ...(b.voterKeys.includes(viewerKey) && !proxies.has(viewerKey) ? [{ title: 'moi-même', value: viewerKey }] : []),
    ...represented.map((k) => ({ title: `${name(k)} (pouvoir)`, value: k })),
  ];
  const forVotes = represented.map((k) => votes.find((v) => v.voterKey === k)).filter((v): v is Vote => !!v);
  const voteLines = [
    mine
      ? `${isSealed(mine) ? 'Vous avez voté (scrutin secret : votre choix n’est plus conservé)' : `Votre vote : ${cardText(mine.choice)}`}${mine.castBy !== viewerKey ? ` (par ${name(mine.castBy)})` : ''}`
      : proxies.has(viewerKey)
        ? `Vous avez donné pouvoir à ${name(proxies.get(viewerKey)!)}.`
        : b.voterKeys.includes(viewerKey)
          ? 'Vous n’avez pas encore voté.'
          : '',
    ...forVotes.map((v) => `Pour ${name(v.voterKey)} : ${isSealed(v) ? 'a voté' : cardText(v.choice)}`),
  ].filter(Boolean);
  const open = votingOpen(b, view.now) && forChoices.length > 0;
  const viewer = people.find((p) => p.key === viewerKey)?.teamsUserId;
  // Displayed again later, the card asks for the voter's fresh view (their vote, their proxies).
  const refresh =
    b.status === 'ouvert' && viewer
      ? {
          refresh: {
            action: { type: 'Action.Execute', verb: 'ballot.view', data: { ballotId: b.id } },
            userIds: [viewer],
          },
        }
      : {};
  const card = renderCard('ballot.card', {
    ...common(b, votes, view.own),
    banner: view.banner ? cardText(view.banner) : statusBanner(b),
    tally: tallyVisible(b, !!mine) ? tallyFacts(b, votes) : [],
    myVote: voteLines.join('\r'),
    forChoices: open ? forChoices : [],
    forDefault: forChoices[0]?.value ?? '',
    reasonLabel:
      open && b.reasonRequiredFor.length
        ? `Motif (obligatoire pour « ${cardText(b.reasonRequiredFor.join(' », « '))} »)`
        : '',
    buttons: open ? b.choices.map((choice) => ({ title: cardText(choice), choice })) : [],
    error: view.error ? cardText(view.error) : '',
  });
  return { ...withOwnFiles(card, b, view.own), ...refresh };
}

/** The channel's card: participation and (where allowed) the tally; voters get their own view on refresh. */
export function sharedCard(b: Ballot, people: Person[], votes: Vote[], own?: OwnFiles): CardJson {
  const rendered = renderCard('ballot.card', {
    ...common(b, votes, own),
    banner: statusBanner(b),
    tally: tallyVisible(b, false) ? tallyFacts(b, votes) : [],
    myVote: b.status === 'ouvert' ? 'Votez sur votre carte personnelle (conversation avec le bot).' : '',
    forChoices: [],
    forDefault: '',
    reasonLabel: '',
    buttons: [],
    error: '',
  });
  const shown = withOwnFiles(rendered, b, own);
  // Closed: the card says so (banner, counts) and leads to the result; it asks nobody to vote.
  const card: CardJson =
    b.status === 'clos'
      ? {
          ...shown,
          actions: [
            { type: 'Action.Execute', title: 'Voir le résultat', verb: 'ballot.view', data: { ballotId: b.id } },
          ],
        }
      : shown;
  const byKey = personByKey(people);
  const userIds = b.voterKeys.map((k) => byKey(k)?.teamsUserId).filter((id): id is string => !!id);
  // Teams offers user-specific views to at most 60 users: beyond, members vote on their personal card.
  if (b.status !== 'ouvert' || userIds.length === 0 || userIds.length > 60) return card;
  return {
    ...card,
    refresh: { action: { type: 'Action.Execute', verb: 'ballot.view', data: { ballotId: b.id } }, userIds },
  };
}

/** The two conditions of CGCT L3633-2, as the result card states them (the rule is the domain's). */
function doubleMajorityLine(p: NonNullable<BallotResult['population']>): string {
  const met = doubleMajorityParts(p);
  const state = (ok: boolean) => (ok ? 'atteinte' : 'non atteinte');
  return `Pour : ${count(p.mayorsPour, 'maire', 'maires')} sur ${p.mayors} (majorité ${state(met.mayors)}), représentant ${count(p.pour, 'habitant', 'habitants')} sur ${frenchNumber(p.total)} (moitié ${state(met.population)})`;
}

export function resultCard(b: Ballot, people: Person[]): CardJson {
  const r = b.result!;
  const name = nameIn(people);
  const favourable = r.outcome === 'adopte' || r.outcome === 'choix-retenu';
  return renderCard('ballot.result', {
    subject: cardText(b.subject),
    question: longText(b.question),
    outcome: `${OUTCOME_LABELS[r.outcome]}${r.retained && r.outcome === 'choix-retenu' ? ` : ${cardText(r.retained)}` : ''}`,
    color: favourable ? 'Good' : 'Attention',
    tally: r.counts.map((c) => ({ title: cardText(c.choice), value: String(c.votes) })),
    details: [
      `${count(r.cast, 'votant', 'votants')} sur ${r.voters}, ${count(r.expressed, 'suffrage exprimé', 'suffrages exprimés')}`,
      r.quorumRequired
        ? `quorum ${r.quorumReached ? 'atteint' : 'non atteint'} (${r.quorumRequired} requis)`
        : 'sans quorum',
      MAJORITY_LABELS[b.majority],
      r.castingVoteUsed ? `égalité départagée par la voix prépondérante de ${name(b.chairKey)}` : '',
      r.population ? doubleMajorityLine(r.population) : '',
      b.secret ? 'scrutin secret' : '',
    ]
      .filter(Boolean)
      .join(' · '),
    named: r.named
      ? r.named
          .map(
            (n) =>
              `${name(n.voterKey)} : ${cardText(n.choice)}${n.castBy !== n.voterKey ? ` (pouvoir, voté par ${name(n.castBy)})` : ''}`,
          )
          .join('\r')
      : '',
  });
}

export function manageCard(b: Ballot, people: Person[], votes: Vote[], audit: AuditLinks): CardJson {
  const name = nameIn(people);
  const voted = new Set(votes.map((v) => v.voterKey));
  // Organisers see no more than voters: the tally before closing only when it is public.
  const visible = tallyVisible(b, false);
  return renderCard('ballot.manage', {
    ballotId: b.id,
    subject: cardText(b.subject),
    instanceName: cardText(b.instanceName),
    status: statusBanner(b) || `ouvert jusqu’au ${frenchDateTime(new Date(b.closesAt), b.timeZone)}`,
    participation: common(b, votes).participation,
    tally: visible ? tallyFacts(b, votes) : [],
    tallyHidden: visible
      ? ''
      : b.secret
        ? 'Scrutin secret : aucun résultat avant la clôture, pour personne, organisateurs compris ; seule la participation s’affiche.'
        : b.visibility === 'apres-vote'
          ? 'Chaque votant voit les résultats après avoir voté ; ici, ils s’affichent à la clôture.'
          : 'Les résultats restent cachés jusqu’à la clôture, pour tous, organisateurs compris.',
    nonVoters: b.voterKeys
      .filter((k) => !voted.has(k))
      .map(name)
      .join(', '),
    auditUrl: audit.csv,
    auditXlsxUrl: audit.xlsx,
    // Closing or cancelling is offered only while the ballot runs (not once cancelled or closed).
    running: stillRunning(b),
  });
}

/** What a person sees of a ballot (`ballot.view`, a vote): the channel's card or their own. */
export function voterViewCard(view: VoterView, own?: OwnFiles): CardJson {
  return view.kind === 'shared'
    ? sharedCard(view.ballot, view.people, view.votes, own)
    : voterCard(view.ballot, { ...view, own });
}

/** The organisers' card: the follow-up while open, the result (with the non-voters) once closed. */
export function manageViewCard({ ballot: b, people, votes }: ManageView, audit: AuditLinks): CardJson {
  if (!(b.status === 'clos' && b.result)) return manageCard(b, people, votes, audit);
  const card = resultCard(b, people);
  const byKey = personByKey(people);
  const nonVoters = b.voterKeys
    .filter((k) => !(k in b.result!.counted))
    .map((k) => cardText(byKey(k)?.displayName ?? k));
  return {
    ...card,
    body: [
      ...(card.body as unknown[]),
      ...(nonVoters.length
        ? [{ type: 'TextBlock', text: `N’ont pas voté : ${nonVoters.join(', ')}`, wrap: true }]
        : []),
    ],
    actions: [
      { type: 'Action.OpenUrl', title: 'Journal (CSV)', url: audit.csv },
      { type: 'Action.OpenUrl', title: 'Journal (XLSX)', url: audit.xlsx },
    ],
  } as CardJson;
}
