import { Member, Person, personByKey } from '../../domain/governance';
import { AttendanceChoice } from '../../domain/meetings/attendance';
import { Minutes, frenchTime, proxiesHeld } from '../../domain/meetings/minutes';
import { POSITION_LABELS, RESULT_LABELS, VOTE_POSITIONS, countsText } from '../../domain/meetings/minutes-votes';
import { Sitting } from '../../domain/meetings/sitting';
import { frenchDate, frenchDateTime, localDateOf, formatLocalDate } from '../../domain/meetings/zoned-time';
import { count, frenchList } from '../../domain/french-text';
import { DocBlock, DocumentModel } from '../documents/model';

/**
 * The documents of record of a sitting as it was held, built from its relevé: the procès-verbal
 * and the feuille d'émargement. A correction of the relevé makes a new edition of both.
 */
export interface HeldSitting {
  sitting: Sitting & { minutes: Minutes };
  people: Person[];
  adherents: Member[];
  centraleName: string;
  /** The relevé's edition: 1, then one more per correction. */
  edition: number;
}

const names = (keys: string[], nameOf: (k: string) => string) => keys.map(nameOf).join(', ') || '—';

function context(h: HeldSitting) {
  const s = h.sitting;
  const m = s.minutes;
  const byKey = personByKey(h.people);
  const nameOf = (k: string | null | undefined) => byKey(k)?.displayName ?? 'Un membre';
  // « 10 h 15 » with no-break spaces: a time is never split over two lines.
  const time = (iso: string | undefined) => (iso ? frenchTime(new Date(iso), s.timeZone).replace(/ /g, '\u00a0') : '');
  const day = frenchDate(localDateOf(new Date(s.startsAt), s.timeZone));
  const opened = m.openedAt ? new Date(m.openedAt) : new Date(s.startsAt);
  // A sitting closed after midnight says which day it closed.
  const closed = m.closedAt
    ? formatLocalDate(localDateOf(new Date(m.closedAt), s.timeZone)) ===
      formatLocalDate(localDateOf(opened, s.timeZone))
      ? time(m.closedAt)
      : frenchDateTime(new Date(m.closedAt), s.timeZone)
    : 'non indiquée';
  const footer = `${h.centraleName} — ${s.instanceName}, séance du ${day} — relevé établi le ${frenchDateTime(new Date(m.recordedAt), s.timeZone)} par ${nameOf(m.recordedBy)}, édition ${h.edition}`;
  return { s, m, nameOf, time, day, opened, closed, footer };
}

/** « de Sophie Bernard », « d’Amina Haddad »: de elided before a vowel. */
const elided = (name: string) => (/^[aeiouyàâäéèêëîïôöùûü]/i.test(name) ? `d’${name}` : `de ${name}`);

const place = (s: Sitting) =>
  s.mode === 'distanciel' ? 'À distance' : s.mode === 'mixte' ? `${s.place} (et à distance)` : s.place;

/** « arrivé·e à 10 h 15, parti·e à 11 h 40 » */
const movementOf = (a: Minutes['attendance'][number], time: (iso: string | undefined) => string) =>
  [a.arrivedAt ? `arrivé·e à ${time(a.arrivedAt)}` : '', a.leftAt ? `parti·e à ${time(a.leftAt)}` : '']
    .filter(Boolean)
    .join(', ');

export function procesVerbal(h: HeldSitting, generatedAt: Date): DocumentModel {
  const { s, m, nameOf, time, day, opened, closed, footer } = context(h);
  const of = (choice: string) => m.attendance.filter((a) => a.choice === choice);
  const held = proxiesHeld(m);
  const excused = of('absent').filter((a) => a.excused);
  const absent = of('absent').filter((a) => !a.excused);
  const quorum =
    m.required === 0
      ? 'pas de quorum requis'
      : `${m.quorumReached ? 'atteint' : 'non atteint'} : ${count(m.counted, 'membre compté', 'membres comptés')} pour ${m.required} requis`;
  const blocks: DocBlock[] = [
    {
      kind: 'facts',
      rows: [
        ['Date', day],
        ['Lieu', place(s) || '—'],
        ['Ouverture', frenchTime(opened, s.timeZone)],
        ['Clôture', closed],
        ['Président·e de séance', m.president ? nameOf(m.president) : 'non indiqué·e'],
        ['Secrétaire de séance', m.secretary ? nameOf(m.secretary) : 'non indiqué·e'],
        ['Quorum', quorum],
      ],
    },
    { kind: 'heading', text: 'Présences' },
    {
      kind: 'facts',
      rows: [
        [
          `Présent·es (${of('present').length})`,
          names(
            of('present').map((a) => a.personKey),
            nameOf,
          ),
        ],
        ...(of('distance').length
          ? [
              [
                `À distance (${of('distance').length})`,
                names(
                  of('distance').map((a) => a.personKey),
                  nameOf,
                ),
              ] as [string, string],
            ]
          : []),
        [
          `Représenté·es (${of('pouvoir').length})`,
          of('pouvoir')
            .map((a) => `${nameOf(a.personKey)} (pouvoir à ${nameOf(a.proxyHolderKey)})`)
            .join(', ') || '—',
        ],
        // Substitutions and excuses when there are some; the represented and the absent always.
        ...(of('suppleant').length
          ? [
              [
                `Suppléances (${of('suppleant').length})`,
                of('suppleant')
                  .map((a) => `${a.substituteName ?? 'un·e suppléant·e'} pour ${nameOf(a.personKey)}`)
                  .join(', '),
              ] as [string, string],
            ]
          : []),
        ...(excused.length
          ? [
              [
                `Excusé·es (${excused.length})`,
                names(
                  excused.map((a) => a.personKey),
                  nameOf,
                ),
              ] as [string, string],
            ]
          : []),
        [
          `Absent·es (${absent.length})`,
          names(
            absent.map((a) => a.personKey),
            nameOf,
          ),
        ],
      ],
    },
  ];
  // Who held whose proxy, and who came late or left early: rows of the same table.
  const presence = blocks[blocks.length - 1] as Extract<DocBlock, { kind: 'facts' }>;
  if (held.size) {
    presence.rows.push([
      'Pouvoirs',
      [...held.entries()]
        .map(
          ([holder, principals]) =>
            `${nameOf(holder)} porte le pouvoir ${elided(frenchList(principals.map((k) => nameOf(k))))}`,
        )
        .join(' ; '),
    ]);
  }
  const moved = m.attendance.filter((a) => a.arrivedAt || a.leftAt);
  if (moved.length)
    presence.rows.push([
      'Arrivées et départs',
      moved.map((a) => `${nameOf(a.personKey)} ${movementOf(a, time)}`).join(' ; '),
    ]);
  blocks.push({ kind: 'heading', text: 'Délibérations' });
  m.decisions.forEach((d, n) => {
    const rapporteur = s.agenda[n]?.rapporteur;
    blocks.push({ kind: 'heading', text: `${n + 1}. ${d.item}`, level: 2 });
    const rows: Array<[string, string]> = [];
    if (rapporteur) rows.push(['Rapporteur·rice', rapporteur]);
    rows.push(['Décision', d.decision]);
    if (d.vote && d.vote.kind !== 'none') {
      const tie = d.vote.pour === d.vote.contre && d.vote.pour > 0;
      const result = d.result
        ? ` — ${RESULT_LABELS[d.result].toLowerCase()}${tie ? (d.result === 'adopte' ? ' (partage égal des voix, voix prépondérante du président de séance)' : ' (partage égal des voix)') : ''}`
        : '';
      rows.push([d.vote.kind === 'named' ? 'Vote nominatif' : 'Vote', `${countsText(d.vote)}${result}`]);
    }
    blocks.push({ kind: 'facts', rows });
    if (d.vote?.kind === 'named') {
      const vote = d.vote;
      blocks.push({
        kind: 'list',
        items: VOTE_POSITIONS.map((p) => {
          const who = vote.positions.filter((x) => x.position === p).map((x) => x.personKey);
          return who.length ? `${POSITION_LABELS[p]} (${who.length}) : ${names(who, nameOf)}` : '';
        }).filter(Boolean),
      });
    }
  });
  blocks.push({
    kind: 'paragraph',
    text: `L’ordre du jour étant épuisé, la séance est levée${m.closedAt ? ` à ${time(m.closedAt)}` : ''}.`,
  });
  blocks.push({
    kind: 'signatures',
    blocks: [
      { role: 'Le ou la président·e de séance', name: m.president ? nameOf(m.president) : '' },
      { role: 'Le ou la secrétaire de séance', name: m.secretary ? nameOf(m.secretary) : '' },
    ],
  });
  return {
    title: `Procès-verbal — ${s.instanceName}`,
    issuer: h.centraleName,
    subtitle: `Séance du ${day} — édition ${h.edition}`,
    blocks,
    footer,
    generatedAt,
  };
}

/** The attendance in a table's narrow column. */
const SHORT_CHOICES: Record<AttendanceChoice, string> = {
  present: 'Présent·e',
  distance: 'À distance',
  pouvoir: 'Représenté·e',
  suppleant: 'Suppléé·e',
  absent: 'Absent·e',
};

export function feuilleEmargement(h: HeldSitting, generatedAt: Date): DocumentModel {
  const { s, m, nameOf, time, day, opened, closed, footer } = context(h);
  const byKey = personByKey(h.people);
  const adherentOf = (k: string) => {
    const id = byKey(k)?.memberId;
    return (id && h.adherents.find((a) => a.id === id)?.name) || '—';
  };
  const held = proxiesHeld(m);
  const rows = s.memberKeys.map((key) => {
    const a = m.attendance.find((x) => x.personKey === key);
    const choice = a?.choice ?? 'absent';
    const proxy = [
      a?.choice === 'pouvoir' ? `donné à ${nameOf(a.proxyHolderKey)}` : '',
      ...(held.get(key) ?? []).map((p) => `reçu de ${nameOf(p)}`),
    ]
      .filter(Boolean)
      .join(' ; ');
    return [
      nameOf(key),
      adherentOf(key),
      a?.excused ? 'Excusé·e' : SHORT_CHOICES[choice],
      [proxy, a?.substituteName ? `par ${a.substituteName}` : ''].filter(Boolean).join(' ; ') || '—',
      (a && movementOf(a, time)) || '—',
      // Room to sign, as tall as three lines; struck through for an absent member (nobody signs later).
      `${choice === 'absent' ? '—' : '\u00a0'}\n\u00a0\n\u00a0`,
    ];
  });
  return {
    title: `Feuille d’émargement — ${s.instanceName}`,
    issuer: h.centraleName,
    subtitle: `Séance du ${day} — édition ${h.edition}`,
    blocks: [
      {
        kind: 'facts',
        rows: [
          ['Lieu', place(s) || '—'],
          ['Ouverture', frenchTime(opened, s.timeZone)],
          ['Clôture', closed],
          ['Membres convoqués', String(s.memberKeys.length)],
          [
            'Présences',
            [
              count(
                m.attendance.filter((a) => a.choice === 'present' || a.choice === 'distance').length,
                'présent·e',
                'présent·es',
              ),
              count(m.attendance.filter((a) => a.choice === 'pouvoir').length, 'représenté·e', 'représenté·es'),
              count(m.attendance.filter((a) => a.choice === 'suppleant').length, 'suppléé·e', 'suppléé·es'),
              count(m.attendance.filter((a) => a.choice === 'absent').length, 'absent·e', 'absent·es'),
            ].join(', '),
          ],
        ],
      },
      {
        kind: 'table',
        columns: [
          { header: 'Membre', width: 2.8 },
          { header: 'Adhérent', width: 2.6 },
          { header: 'Présence', width: 2.5 },
          { header: 'Pouvoir, suppléance', width: 3 },
          { header: 'Arrivée, départ', width: 2.2 },
          { header: 'Signature', width: 3.4 },
        ],
        rows,
      },
      {
        kind: 'signatures',
        blocks: [{ role: 'Certifiée par le ou la secrétaire de séance', name: m.secretary ? nameOf(m.secretary) : '' }],
      },
    ],
    footer,
    generatedAt,
  };
}
