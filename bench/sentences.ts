import { understand } from '../src/domain/language/understand';
import { wordsOf } from '../src/domain/language/words';

/**
 * What reading a sentence costs (issue 22), as a centrale grows. The grammar reads every typed
 * message (src/domain/language/understand.ts); its cost grows with the names a sentence may name.
 * Measured on the same 24 sentences: a centrale of today (10 instances, 10 contracts) and one of
 * twenty years (BENCH_INSTANCES, 400 by default, mostly Comités Opérationnels, and as many
 * running contracts). The floor is splitting the same sentences into words, done in the same run.
 * Median of 7 runs of all the sentences, µs per sentence. Prints one JSON line.
 */
const BIG = Number(process.env.BENCH_INSTANCES ?? 400);
const RUNS = 7;
const NOW = new Date('2026-12-02T10:00:00Z');

const SENTENCES = [
  'je voudrais convoquer le COPIL mardi prochain à 14h',
  'merci',
  'bonjour',
  'quorum ?',
  'mes votes',
  'ouvrir un scrutin au comité de pilotage jusqu’au 11 décembre à 18 h',
  'lancer le recensement',
  'signaler un problème sur le marché 2026-014 : livraisons en retard',
  'où en est le circuit ?',
  'mes séances',
  'réunir la conférence des maires le 9 décembre à 14 h 30',
  'organiser une séance du comité opérationnel restauration scolaire dans 15 jours',
  'litige fournitures de bureau 12 500 € HT',
  'le bilan 2025',
  'le chat mange la souris',
  'pourriez-vous convoqeur le comité de DG demain matin',
  'écrire aux membres du COPIL',
  'quand est la prochaine réunion ?',
  'bilan de ma commune',
  'lier ce canal au comité méthodes',
  'qui siège au comité projet directrices ressources ?',
  'je voudrais déclarer nos besoins',
  'bonne journée',
  'convoquer un vote',
];

const SEED = [
  'Comité de pilotage',
  'Conférence métropolitaine des Maires',
  'Comité Méthodes (Équipe Projet)',
  'COPIL RReT',
  'Information des Directions opérationnelles',
  'Comité de DG (validation)',
  'RReT Commande publique-Achats',
  'Comité projet Directrices Ressources',
];
const SUBJECTS = ['Restauration scolaire', 'Fournitures de bureau', 'Nettoyage des locaux', 'Énergie', 'Véhicules'];

function centrale(instances: number) {
  const names = [...SEED];
  for (let i = 0; names.length < instances; i++)
    names.push(`Comité opérationnel — ${SUBJECTS[i % SUBJECTS.length]} ${2006 + Math.floor(i / SUBJECTS.length)}`);
  return {
    now: NOW,
    timeZone: 'Europe/Paris',
    instances: names.map((name, i) => ({ id: `i${i}`, name })),
    contracts: names.map((_, i) => ({
      id: `c${i}`,
      name: `${SUBJECTS[i % SUBJECTS.length]} lot ${i}`,
      aliases: [`${2006 + Math.floor(i / 20)}-${String(i).padStart(3, '0')}`],
    })),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function perSentence(run: (s: string) => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = process.hrtime.bigint();
    for (const s of SENTENCES) run(s);
    times.push(Number(process.hrtime.bigint() - t) / 1e3 / SENTENCES.length);
  }
  return Math.round(median(times) * 10) / 10;
}

const small = centrale(10);
const big = centrale(BIG);
// Warm-up: chrono's parsers and the JIT.
for (let i = 0; i < 3; i++) for (const s of SENTENCES) understand(s, big);
const floor = perSentence((s) => wordsOf(s));
const smallUs = perSentence((s) => understand(s, small));
const bigUs = perSentence((s) => understand(s, big));
console.log(
  JSON.stringify({
    bench: 'sentences',
    date: new Date().toISOString(),
    sentences: SENTENCES.length,
    floor_words_us: floor,
    small: { instances: small.instances.length, contracts: small.contracts.length, us_per_sentence: smallUs },
    big: { instances: big.instances.length, contracts: big.contracts.length, us_per_sentence: bigUs },
    ratio_big_small: Math.round((bigUs / smallUs) * 100) / 100,
  }),
);
