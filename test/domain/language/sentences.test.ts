import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromSeed, governanceSeedSchema } from '../../../src/app/governance/governance-seed';
import { IntentId } from '../../../src/domain/language/grammar';
import { SentenceContext, understand } from '../../../src/domain/language/understand';
import { formatLocalDate } from '../../../src/domain/meetings/zoned-time';
import { COMMAND_HELP } from '../../../src/teams/governance/help';

/**
 * The sentences of issue 22, as a table: what each must be understood as, against the real
 * instances of the Métropole de Lyon (read as the app reads its seed), two Comités opérationnels
 * and three contracts, said on Wednesday 2 December 2026 at 11 h in Paris.
 */
const seed = governanceSeedSchema.parse(
  JSON.parse(readFileSync(join(__dirname, '../../../data/governance/metropole-de-lyon.json'), 'utf8')),
);
const { instances } = fromSeed(seed);

const context: SentenceContext = {
  now: new Date('2026-12-02T10:00:00Z'),
  timeZone: 'Europe/Paris',
  instances: [
    ...instances.map((i) => ({ id: i.id, name: i.name })),
    { id: 'comop-restauration', name: 'Comité opérationnel — Restauration scolaire' },
    { id: 'comop-fournitures', name: 'Comité opérationnel — Fournitures de bureau' },
  ],
  contracts: [
    { id: 'c-restauration', name: 'Restauration scolaire', aliases: ['2024-012'] },
    { id: 'c-electricite', name: 'Fourniture d’électricité', aliases: ['2025-003'] },
    { id: 'c-nettoyage', name: 'Nettoyage des locaux', aliases: ['2023-044'] },
  ],
};

interface Expected {
  /** The intent; null for nothing; an array for the requests the person must choose between. */
  intent: IntentId | null | IntentId[];
  instances?: string[];
  contracts?: string[];
  /** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM', local. */
  when?: string;
  amount?: { cents: number; tax: 'HT' | 'TTC' | null };
  year?: number;
}

const i = (intent: Expected['intent'], more: Omit<Expected, 'intent'> = {}): Expected => ({ intent, ...more });

const CASES: Array<[string, Expected]> = [
  // The issue's own examples.
  [
    'je voudrais convoquer le COPIL mardi prochain à 14h',
    i('meeting.convene', { instances: ['copil-reseau'], when: '2026-12-08 14:00' }),
  ],
  ['merci', i('thanks')],
  ['bonjour', i('greeting')],
  ['quorum ?', i('quorum')],
  ['mes votes', i('ballots.mine')],
  [
    'convoquer le COPIL le 9 décembre à 14 h 30',
    i('meeting.convene', { instances: ['copil-reseau'], when: '2026-12-09 14:30' }),
  ],
  [
    'convoquer la Conférence des maires dans 15 jours',
    i('meeting.convene', { instances: ['conference-des-maires'], when: '2026-12-17' }),
  ],
  [
    'réunir le comité de pilotage demain matin',
    i('meeting.convene', { instances: ['comite-de-pilotage'], when: '2026-12-03 09:00' }),
  ],
  [
    'signaler un litige de 12 500 € HT sur le marché 2024-012',
    i('dispute.report', { contracts: ['c-restauration'], amount: { cents: 1_250_000, tax: 'HT' } }),
  ],

  // meeting.convene and its synonyms.
  ['convoquer', i('meeting.convene')],
  ['Convoquer', i('meeting.convene')],
  ['CONVOQUER LE COPIL', i('meeting.convene', { instances: ['copil-reseau'] })],
  ['convoqeur le copil', i('meeting.convene', { instances: ['copil-reseau'] })],
  ['convoqer le comité de DG', i('meeting.convene', { instances: ['comite-de-dg'] })],
  ['réunir le comité méthodes', i('meeting.convene', { instances: ['comite-methodes'] })],
  ['reunir le comite methodes', i('meeting.convene', { instances: ['comite-methodes'] })],
  ['organiser une séance du COPIL', i('meeting.convene', { instances: ['copil-reseau'] })],
  ['organiser une seance', i('meeting.convene')],
  ['planifier une réunion du comité de DG', i('meeting.convene', { instances: ['comite-de-dg'] })],
  ['programmer une réunion', i('meeting.convene')],
  ['nouvelle séance', i('meeting.convene')],
  ['je voudrais convoquer la conférence des maires', i('meeting.convene', { instances: ['conference-des-maires'] })],
  ['pourriez-vous convoquer le COPIL ?', i('meeting.convene', { instances: ['copil-reseau'] })],
  ['merci de convoquer le comité de DG', i('meeting.convene', { instances: ['comite-de-dg'] })],
  ['convoquer le COPIL s’il vous plaît', i('meeting.convene', { instances: ['copil-reseau'] })],
  ["convoquer le COPIL s'il vous plait", i('meeting.convene', { instances: ['copil-reseau'] })],
  [
    'convoque le copil lundi 14 décembre à 10h',
    i('meeting.convene', { instances: ['copil-reseau'], when: '2026-12-14 10:00' }),
  ],
  ['convoquer la CDM jeudi', i('meeting.convene', { instances: ['conference-des-maires'], when: '2026-12-03' })],
  [
    'convoquer le comité projet directrices ressources',
    i('meeting.convene', { instances: ['comite-projet-directrices-ressources'] }),
  ],
  // The instance and the contract share their words: both are read, the card takes the instance.
  [
    'convoquer le Comité opérationnel Restauration scolaire',
    i('meeting.convene', { instances: ['comop-restauration'], contracts: ['c-restauration'] }),
  ],
  [
    'convoquer le comité opérationnel',
    i('meeting.convene', { instances: ['comop-restauration', 'comop-fournitures'] }),
  ],
  ['convoquer le RReT', i('meeting.convene', { instances: ['copil-reseau', 'reseau-commande-publique-achats'] })],
  ['convoquer le comité de validation', i('meeting.convene', { instances: ['comite-de-dg'] })],
  [
    'convoquez le comité de DG vendredi à 9h',
    i('meeting.convene', { instances: ['comite-de-dg'], when: '2026-12-04 09:00' }),
  ],
  // « fournitures » is a word every purchase has: it does not name « Fourniture d’électricité ».
  [
    'organiser une réunion du comité opérationnel fournitures de bureau',
    i('meeting.convene', { instances: ['comop-fournitures'] }),
  ],
  ['signaler un problème sur la fourniture d’électricité', i('dispute.report', { contracts: ['c-electricite'] })],
  [
    'réunir les directions opérationnelles',
    i('meeting.convene', { instances: ['information-directions-operationnelles'] }),
  ],
  [
    'je souhaite réunir l’équipe projet le 15 janvier',
    i('meeting.convene', { instances: ['comite-methodes'], when: '2027-01-15' }),
  ],
  [
    'caler une séance du COPIL demain après-midi',
    i('meeting.convene', { instances: ['copil-reseau'], when: '2026-12-03 14:00' }),
  ],

  // meetings.mine / sittings.mine.
  ['mes convocations', i('meetings.mine')],
  ['Mes convocations', i('meetings.mine')],
  ['mes convocation', i('meetings.mine')],
  ['MES CONVOCATIONS', i('meetings.mine')],
  ['mes convocatoins', i('meetings.mine')],
  ['suis-je convoqué ?', i('meetings.mine')],
  ['quand est la prochaine réunion ?', i('meetings.mine')],
  ['mon agenda', i('meetings.mine')],
  ['mes séances', i('sittings.mine')],
  ['mes seances', i('sittings.mine')],
  ['mes réunions', i('sittings.mine')],
  ['les séances que j’organise', i('sittings.mine')],

  // quorum.
  ['quorum', i('quorum')],
  ['QUORUM ?', i('quorum')],
  ['quorumm', i('quorum')],
  ['quorum du COPIL', i('quorum', { instances: ['copil-reseau'] })],
  ['le quorum sera-t-il atteint au comité de DG ?', i('quorum', { instances: ['comite-de-dg'] })],
  ['combien seront présents ?', i('quorum')],

  // ballot.open / ballots.mine.
  ['scrutin', i('ballot.open')],
  ['scrutinn', i('ballot.open')],
  ['vote', i('ballot.open')],
  ['ouvrir un vote', i('ballot.open')],
  ['ouvrir un scrutin', i('ballot.open')],
  ['lancer un vote au COPIL', i('ballot.open', { instances: ['copil-reseau'] })],
  ['OUVRIR UN SCRUTIN', i('ballot.open')],
  ['je voudrais ouvrir un scrutin pour le comité de pilotage', i('ballot.open', { instances: ['comite-de-pilotage'] })],
  ['soumettre au vote', i('ballot.open')],
  ['faire voter le COPIL', i('ballot.open', { instances: ['copil-reseau'] })],
  ['ouvrir un vote jusqu’au 10 décembre', i('ballot.open', { when: '2026-12-10' })],
  ['mes scrutins', i('ballots.mine')],
  ['mes scrutin', i('ballots.mine')],
  ['mes vote', i('ballots.mine')],
  ['MES VOTES', i('ballots.mine')],
  ['mes scrutinn', i('ballots.mine')],
  ['pour quoi dois-je voter ?', i('ballots.mine')],

  // circuit.
  ['circuit', i('circuit.start')],
  ['lancer le circuit de validation', i('circuit.start')],
  ['démarrer le circuit', i('circuit.start')],
  ['où en est le circuit ?', i('circuit.status')],
  ['ou en est le circuit', i('circuit.status')],
  ['OÙ EN EST LE CIRCUIT ?', i('circuit.status')],
  ['état du circuit de validation', i('circuit.status')],
  ['avancement de la validation', i('circuit.status')],
  ['où en est la programmation ?', i('circuit.status')],

  // campaigns and needs.
  ['campagne', i('campaign.open')],
  ['lancer le recensement', i('campaign.open')],
  ['lancer le recensemnt', i('campaign.open')],
  ['ouvrir une campagne', i('campaign.open')],
  ['ouvrir une campagne de recensement', i('campaign.open')],
  ['Ouvrir une campagne', i('campaign.open')],
  ['je voudrais lancer le recensement des besoins', i('campaign.open')],
  ['recensement', i('campaign.open')],
  ['besoins', i('needs.current')],
  ['déclarer mes besoins', i('needs.current')],
  ['saisir un besoin', i('needs.current')],
  ['mes besoins', i('needs.current')],
  ['je voudrais déclarer nos besoins', i('needs.current')],
  ['mes campagnes', i('campaigns.mine')],
  ['mes campagne', i('campaigns.mine')],
  ['mes campagnse', i('campaigns.mine')],

  // disputes.
  ['litige', i('dispute.report')],
  ['litiges', i('dispute.report')],
  ['signaler un problème', i('dispute.report')],
  ['signaler un probleme', i('dispute.report')],
  ['SIGNALER UN PROBLÈME', i('dispute.report')],
  ['signaler un litige sur le marché 2024-012', i('dispute.report', { contracts: ['c-restauration'] })],
  [
    'signaler un problème sur la restauration scolaire',
    i('dispute.report', { contracts: ['c-restauration'], instances: ['comop-restauration'] }),
  ],
  ['un souci avec le nettoyage des locaux', i('dispute.report', { contracts: ['c-nettoyage'] })],
  ['retard de livraison sur le marché 2025-003', i('dispute.report', { contracts: ['c-electricite'] })],
  ['signaler un litige de 1 200,50 € TTC', i('dispute.report', { amount: { cents: 120_050, tax: 'TTC' } })],
  [
    'pénalité de 3k€ sur le marché 2023-044',
    i('dispute.report', { contracts: ['c-nettoyage'], amount: { cents: 300_000, tax: null } }),
  ],
  ['déposer une réclamation', i('dispute.report')],
  ['mes litiges', i('disputes.mine')],
  ['mes litige', i('disputes.mine')],
  ['mes réclamations', i('disputes.mine')],
  ['Mes Litiges', i('disputes.mine')],

  // registry.
  ['dossiers', i('registry.view')],
  ['la liste des marchés', i('registry.view')],
  ['le registre des dossiers', i('registry.view')],
  ['tous les marchés', i('registry.view')],

  // bilans.
  ['bilan', i('bilan.view')],
  ['BILAN', i('bilan.view')],
  ['bilan 2025', i('bilan.view', { year: 2025 })],
  ['le bilan des marchés 2024', i('bilan.view', { year: 2024 })],
  ['combien avons-nous économisé ?', i('bilan.view')],
  ['les économies réalisées en 2025', i('bilan.view', { year: 2025 })],
  ['bilan du marché 2024-012', i('bilan.view', { contracts: ['c-restauration'] })],
  ['bilan de ma commune', i('bilan.commune')],
  ['bilan de ma commune 2025', i('bilan.commune', { year: 2025 })],
  ['le bilan de notre commune', i('bilan.commune')],
  ['bilan commune', i('bilan.commune')],
  ['bilan des litiges', i('disputes.bilan')],
  ['bilan des litiges 2025', i('disputes.bilan', { year: 2025 })],
  ['statistiques des réclamations', i('disputes.bilan')],
  ['synthèse des litiges', i('disputes.bilan')],

  // governance, members, announce, channel.
  ['comités', i('governance.view')],
  ['les instances', i('governance.view')],
  ['gouvernance', i('governance.view')],
  ['l’organigramme', i('governance.view')],
  ['liste des comités', i('governance.view')],
  ['membres', i('instance.members')],
  ['membres du COPIL', i('instance.members', { instances: ['copil-reseau'] })],
  ['les membres du comité de pilotage', i('instance.members', { instances: ['comite-de-pilotage'] })],
  ['qui siège au comité de DG ?', i('instance.members', { instances: ['comite-de-dg'] })],
  ['composition de la conférence des maires', i('instance.members', { instances: ['conference-des-maires'] })],
  ['MEMBRES DU COPIL', i('instance.members', { instances: ['copil-reseau'] })],
  ['annonce', i('instance.announce')],
  ['écrire aux membres du COPIL', i('instance.announce', { instances: ['copil-reseau'] })],
  ['ecrire aux membres', i('instance.announce')],
  ['envoyer un message aux membres du comité méthodes', i('instance.announce', { instances: ['comite-methodes'] })],
  ['prévenir les membres de la CDM', i('instance.announce', { instances: ['conference-des-maires'] })],
  ['lier', i('channel.link')],
  ['lier ce canal au COPIL', i('channel.link', { instances: ['copil-reseau'] })],
  ['lier ce canal', i('channel.link')],
  ['associer ce canal au comité de DG', i('channel.link', { instances: ['comite-de-dg'] })],
  ['rattacher le canal à la conférence des maires', i('channel.link', { instances: ['conference-des-maires'] })],

  // roles, import, privacy, survey, help.
  ['rôles', i('roles')],
  ['roles', i('roles')],
  ['attribuer un rôle', i('roles')],
  ['changer les droits', i('roles')],
  ['importer', i('people.import')],
  ['importer des membres', i('people.import')],
  ['import', i('people.import')],
  ['importer un tableau de personnes', i('people.import')],
  ['données', i('privacy')],
  ['donnees', i('privacy')],
  ['mes données', i('privacy')],
  ['RGPD', i('privacy')],
  ['supprimer mes données', i('privacy')],
  ['exporter mes données personnelles', i('privacy')],
  ['enquête', i('survey.open')],
  ['enquete', i('survey.open')],
  ['lancer une enquête de satisfaction', i('survey.open')],
  ['un sondage', i('survey.open')],
  ['aide', i('help')],
  ['help', i('help')],
  ['?', i('help')],
  ['que sais-tu faire ?', i('help')],
  ['que peux-tu faire', i('help')],
  ['aide pour convoquer', i('meeting.convene')],

  // social: greetings, thanks, farewells (short answers, not the help).
  ['Bonjour !', i('greeting')],
  ['BONJOUR', i('greeting')],
  ['salut', i('greeting')],
  ['bonsoir', i('greeting')],
  ['coucou', i('greeting')],
  ['bonjour le bot', i('greeting')],
  ['merci beaucoup', i('thanks')],
  ['Merci !', i('thanks')],
  ['je vous remercie', i('thanks')],
  ['parfait, merci', i('thanks')],
  ['super', i('thanks')],
  ['au revoir', i('farewell')],
  ['Au revoir et merci', i('farewell')],
  ['bonne journée', i('farewell')],
  ['bonne soirée', i('farewell')],
  ['à bientôt', i('farewell')],
  ['a plus', i('farewell')],
  ['bonjour, je voudrais convoquer le COPIL', i('meeting.convene', { instances: ['copil-reseau'] })],
  ['merci de lancer le recensement', i('campaign.open')],
  ['bonjour, mes votes svp', i('ballots.mine')],

  // ambiguous: two requests alike.
  ['convoquer un vote', i(['meeting.convene', 'ballot.open'])],
  ['lancer le circuit et le recensement', i(['circuit.start', 'campaign.open'])],
  ['enquête ou litige', i(['dispute.report', 'survey.open'])],

  // nonsense: no intent.
  ['le chat mange la souris', i(null)],
  ['azerty', i(null)],
  ['42', i(null)],
  ['qwertyuiop', i(null)],
  ['il fait beau aujourd’hui', i(null)],
  ['la note', i(null)],
  ['lot restauration à revoir', i(null, { instances: ['comop-restauration'], contracts: ['c-restauration'] })],
  ['', i(null)],
];

describe('French sentences, as the issue asks them', () => {
  it('has enough of them', () => expect(CASES.length).toBeGreaterThanOrEqual(170));

  it.each(CASES)('« %s »', (sentence, expected) => {
    const got = understand(sentence, context);
    if (Array.isArray(expected.intent)) {
      expect(got.intent).toBeNull();
      expect([...got.ambiguous].sort()).toEqual([...expected.intent].sort());
    } else {
      expect(got.intent).toBe(expected.intent);
      expect(got.ambiguous).toEqual([]);
    }
    expect([...got.instanceIds].sort()).toEqual([...(expected.instances ?? [])].sort());
    expect([...got.contractIds].sort()).toEqual([...(expected.contracts ?? [])].sort());
    expect(got.amount).toEqual(expected.amount ?? null);
    expect(got.year).toBe(expected.year ?? null);
    const when = got.when
      ? `${formatLocalDate(got.when.date)}${got.when.time ? ` ${String(got.when.time.hour).padStart(2, '0')}:${String(got.when.time.minute).padStart(2, '0')}` : ''}`
      : undefined;
    expect(when).toBe(expected.when);
  });

  it.each(COMMAND_HELP.map((c) => c.command))('the typed command « %s » still gives its intent', (command) => {
    expect(understand(command, context).intent).not.toBeNull();
  });
});
