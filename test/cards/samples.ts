/** Realistic French sample data for every template in cards/ (the gallery uses it too). */
const instanceChoices = [
  { title: 'Comité de pilotage', value: 'comite-de-pilotage' },
  { title: 'COPIL RReT', value: 'copil-reseau' },
  { title: 'Comité de DG (validation)', value: 'comite-de-dg' },
];
const people = [
  { title: 'Claire Martin (claire.martin@grandlyon.example)', value: 't:claire' },
  { title: 'Amina Haddad (amina.haddad@villeurbanne.example)', value: 't:amina' },
];

export const CARD_SAMPLES: Record<string, Record<string, unknown>> = {
  welcome: {
    where: 'dans « Centrale d’achat › COPIL RReT »',
    intro: 'Je suis l’assistant de gouvernance — Centrale d’achat territoriale de la Métropole de Lyon. Je tiens la carte de ses instances, de leurs membres et de leurs canaux.',
    nextStep: 'Administrateur : mentionnez-moi avec « lier » pour lier ce canal à une instance.',
  },
  help: {
    title: 'Ce que je peux faire pour vous',
    intro: 'Bonjour Claire Martin — Centrale d’achat territoriale de la Métropole de Lyon.',
    commands: [
      { command: 'aide', description: 'ce que je peux faire pour vous' },
      { command: 'comités', description: 'la carte de la gouvernance' },
    ],
    footer: 'Tapez une commande dans la conversation ; dans un canal, mentionnez-moi d’abord.',
  },
  'governance-map': {
    centraleName: 'Centrale d’achat territoriale de la Métropole de Lyon',
    tiers: [
      {
        label: 'Gouvernance politique',
        instances: [
          {
            name: 'Comité de pilotage',
            objectives: '• Validation des objectifs et de la programmation',
            participants: 'Vice-Présidents de la Métropole',
            frequency: 'à définir',
            members: '3 membres',
            channel: 'Centrale d’achat › Comité de pilotage',
            rules: 'Convocation 5 jours francs avant · quorum : majorité des membres en exercice · un pouvoir au plus par membre',
          },
        ],
      },
    ],
    footer: 'Comité opérationnel : un par dossier d’achat, à géométrie variable.',
  },
  message: {
    title: 'Canal lié',
    text: 'Les notifications de « COPIL RReT » seront publiées dans « Centrale d’achat › COPIL RReT ».',
    facts: [{ title: 'Membres', value: '4' }],
    hint: 'Tapez « membres » ici pour choisir les membres de l’instance.',
    color: 'Good',
  },
  'channel-link.form': { channelName: 'Centrale d’achat › COPIL RReT', current: 'COPIL RReT', selected: 'copil-reseau', choices: instanceChoices },
  'instance.choose': { title: 'Membres d’une instance', text: 'Quelle instance voulez-vous composer ?', verb: 'members.edit', choices: instanceChoices },
  'members.form': {
    instanceId: 'copil-reseau',
    instanceName: 'COPIL RReT',
    choices: people,
    memberValues: 't:claire,t:amina',
    organiserValues: 't:claire',
    error: '',
  },
  'roles.form': {
    personKey: 't:amina',
    people,
    roleValues: 'referent',
    roles: [
      { title: 'Administrateur', value: 'administrateur' },
      { title: 'Référent·e de commune', value: 'referent' },
    ],
    memberId: 'villeurbanne',
    members: [{ title: 'Ville de Villeurbanne', value: 'villeurbanne' }],
    error: 'Un référent doit être rattaché à un adhérent : choisissez sa commune.',
  },
  'announce.form': { instanceId: 'copil-reseau', text: '', error: '', choices: instanceChoices },
  announcement: {
    instanceName: 'COPIL RReT',
    text: 'La séance du 12 décembre est avancée à 9 h, salle du conseil.',
    senderName: 'Claire Martin',
  },
  'delivery.report': {
    noticeId: 'annonce-1',
    title: 'Message aux membres de « COPIL RReT »',
    headline: '57/58 délivrés',
    color: 'Attention',
    details: '1 en échec ou injoignable',
    rows: [
      { label: 'Amina Haddad', state: 'injoignable', reason: 'La personne a bloqué l’application (403).', color: 'Attention' },
      { label: 'Jean Dupont', state: 'délivré', reason: '', color: 'Good' },
    ],
    more: '… et 56 autres destinataires.',
    updatedAt: '09:42:17',
  },
  'delivery.alert': {
    noticeId: 'annonce-1',
    title: 'Message aux membres de « COPIL RReT »',
    recipient: 'Amina Haddad',
    reason: 'La personne a bloqué l’application, a quitté l’équipe ou l’administrateur a désactivé l’application (403).',
  },
};
