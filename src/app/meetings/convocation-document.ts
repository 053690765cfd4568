import { requiredNoticeDays } from '../../domain/meetings/sitting';
import { documentBasename, journalSittingDocuments } from './sitting-documents';
import { count } from '../../domain/french-text';
import { Instance, Member, Person, personByKey } from '../../domain/governance';
import { MODE_LABELS, Sitting, linkAddedAt } from '../../domain/meetings/sitting';
import { frenchDateTime, localDateOf, frenchDay, localTimestamp } from '../../domain/meetings/zoned-time';
import { noticeSourceOf } from '../../domain/rules';
import { DocBlock, DocumentModel } from '../documents/model';
import { DocumentRecord } from '../documents/ports';
import { DocumentDeps, recordDocument } from '../documents/record-document';
import { AppDeps } from '../ports';
import { MeetingRepository } from './ports';

const days = (n: number) => count(n, 'jour franc', 'jours francs');

/** « ajouté le 3 décembre 2026 à 10 h 12 », for a document added once the sitting was convened. */
export const addedLine = (at: string, timeZone: string) =>
  `ajouté le ${frenchDateTime(new Date(at), timeZone).replace(/^\S+ /, '')}`;

/** The first convocation's version line, or the modification's (« Version 2 — modifiée le … »). */
export function versionLine(s: Sitting): string {
  if (s.version <= 1) return `Version 1 du ${frenchDay(localDateOf(new Date(s.convokedAt), s.timeZone))}`;
  const changed = [...s.history].reverse().find((h) => h.action === 'modification');
  const at = changed ? new Date(changed.at) : new Date(s.convokedAt);
  return `Version ${s.version} — modifiée le ${frenchDateTime(at, s.timeZone)}`;
}

/** « convocation-copil-rret-2026-12-08-v2 »: the file's name, without extension. */
export const convocationBasename = (s: Sitting): string => documentBasename('convocation', s, s.version);

export interface ConvocationContext {
  sitting: Sitting;
  /** The instance (its rules give the notice required and its legal basis); null if it is gone. */
  instance: Pick<Instance, 'rules'> | null;
  centraleName: string;
  people: Person[];
  /** The centrale's adhérents, to name the one each member speaks for. */
  members: Member[];
  generatedAt: Date;
}

/**
 * A sitting's convocation as a document of record: who convenes, the instance, when (the
 * sitting's time zone), where or how to join, the agenda with its rapporteurs and documents
 * (those added after the convocation with the time they were), the notice required in jours
 * francs with its legal basis and the notice given, the urgency, the members convened, the
 * rules for attending remotely and giving proxies, and the organiser's signature block.
 */
export function convocationDocument(c: ConvocationContext): DocumentModel {
  const s = c.sitting;
  const byKey = personByKey(c.people);
  const adherentName = new Map(c.members.map((m) => [m.id, m.name]));
  const organiser = byKey(s.organiserKey)?.displayName ?? 'L’organisateur·rice';
  const rules = c.instance?.rules ?? null;
  const required = requiredNoticeDays(s, rules);
  const when = frenchDateTime(new Date(s.startsAt), s.timeZone);

  const where: Array<[string, string]> = [
    ['Instance', s.instanceName],
    ['Date', when],
    ['Modalité', MODE_LABELS[s.mode]],
  ];
  if (s.place) where.push(['Lieu', s.place]);
  if (s.onlineLink) where.push([s.mode === 'presentiel' ? 'Lien de réunion' : 'Réunion en ligne', s.onlineLink]);

  const notice: Array<[string, string]> = [
    ['Délai requis', days(required)],
    ['Base légale du délai', (rules && noticeSourceOf(rules)) ?? 'règlement intérieur de l’instance'],
    ['Délai donné', `${days(s.joursFrancs)} avant la séance`],
  ];
  if (s.urgencyReason) notice.push(['Convocation en urgence', s.urgencyReason]);
  if (s.secondOf) notice.push(['Deuxième convocation', 'la séance délibère sans condition de quorum (CGCT L2121-17)']);

  const agenda: DocBlock[] = s.agenda.flatMap((item, n): DocBlock[] => [
    { kind: 'heading', level: 2, text: `${n + 1}. ${item.title}` },
    ...(item.rapporteur ? [{ kind: 'paragraph' as const, text: `Rapporteur·rice : ${item.rapporteur}` }] : []),
    ...(item.links.length
      ? [
          {
            kind: 'list' as const,
            items: item.links.map((link) => {
              const at = linkAddedAt(item, link);
              return `Document : ${link}${at ? ` (${addedLine(at, s.timeZone)})` : ''}`;
            }),
          },
        ]
      : []),
  ]);

  const convened = s.memberKeys.map((k) => {
    const p = byKey(k);
    return [p?.displayName ?? 'Membre (nom effacé)', (p?.memberId && adherentName.get(p.memberId)) || '—'];
  });

  // The link is named « ci-dessus » only when the facts above carry one.
  const link = s.onlineLink.trim()
    ? 'le lien de réunion figure ci-dessus'
    : 'le lien de réunion sera communiqué par l’organisateur·rice';
  const remote = s.remoteAllowed
    ? s.mode === 'presentiel'
      ? `La participation à distance est admise : ${link}.`
      : `Les membres participent à distance : ${link}.`
    : 'La participation à distance n’est pas prévue : la séance se tient sur place.';
  const proxies = s.proxiesAllowed
    ? `Un membre empêché peut donner pouvoir à un autre membre convoqué, ${count(s.maxProxiesPerHolder, 'pouvoir', 'pouvoirs')} au plus par membre${s.maxProxySittings > 1 ? `, chacun valable ${s.maxProxySittings} séances consécutives au plus` : ''}. Le pouvoir se donne sur la carte de convocation dans Teams ou par le lien personnel de l’e-mail.`
    : 'Les pouvoirs ne sont pas admis pour cette séance.';

  return {
    title: `Convocation — ${s.instanceName}`,
    issuer: c.centraleName,
    subtitle: versionLine(s),
    blocks: [
      {
        kind: 'paragraph',
        text: s.secondOf
          ? `Le quorum n’ayant pas été atteint à la séance précédente, les membres de l’instance « ${s.instanceName} » sont convoqués une deuxième fois, sur le même ordre du jour, le ${when}.`
          : `Les membres de l’instance « ${s.instanceName} » sont convoqués à la séance du ${when}.`,
      },
      ...(s.version > 1
        ? [
            {
              kind: 'paragraph' as const,
              bold: true,
              text: `Cette convocation remplace la précédente : ${(s.history.filter((h) => h.action === 'modification').at(-1)?.summary ?? 'séance modifiée').replace(/^Modification — /, '')}.`,
            },
          ]
        : []),
      { kind: 'facts', rows: where },
      { kind: 'heading', text: 'Ordre du jour' },
      ...agenda,
      ...(s.note ? [{ kind: 'paragraph' as const, text: s.note }] : []),
      { kind: 'heading', text: 'Délai de convocation' },
      { kind: 'facts', rows: notice },
      { kind: 'heading', text: 'Participation à distance et pouvoirs' },
      { kind: 'paragraph', text: remote },
      { kind: 'paragraph', text: proxies },
      // Signed before the list of those convened: the list is the convocation's annex, however long.
      {
        kind: 'paragraph',
        text: `Fait le ${frenchDay(localDateOf(c.generatedAt, s.timeZone))}.`,
        align: 'right',
      },
      { kind: 'signatures', blocks: [{ role: 'L’organisateur·rice de la séance', name: organiser }] },
      { kind: 'heading', text: `Membres convoqués (${s.memberKeys.length})` },
      {
        kind: 'table',
        columns: [
          { header: 'Membre', width: 1 },
          { header: 'Adhérent', width: 1 },
        ],
        rows: convened,
      },
    ],
    footer: `Convocation « ${s.instanceName} », version ${s.version} — générée par le bot le ${localTimestamp(c.generatedAt, s.timeZone)}`,
    generatedAt: c.generatedAt,
  };
}

/**
 * Generates and keeps the convocation of the sitting's current version (PDF) and writes its
 * SHA-256 in the sitting's journal, once: a retry or a double click finds both already there.
 * Run before the notices are queued, so that a failure here leaves nothing sent and the same
 * form sent again makes the document, then the notices.
 */
export async function keepConvocation(
  deps: DocumentDeps & Pick<AppDeps, 'governance' | 'clock'> & { meetings: Pick<MeetingRepository, 'update'> },
  sitting: Sitting,
  instance: Pick<Instance, 'rules'> | null,
  people: Person[],
): Promise<{ sitting: Sitting; document: DocumentRecord }> {
  const [centrale, members] = await Promise.all([
    deps.governance.getCentrale(sitting.centraleId),
    deps.governance.listMembers(sitting.centraleId),
  ]);
  const model = convocationDocument({
    sitting,
    instance,
    centraleName: centrale?.name ?? 'Centrale d’achat',
    people,
    members,
    generatedAt: deps.clock.now(),
  });
  const [{ record }] = await recordDocument(deps, {
    centraleId: sitting.centraleId,
    owner: { kind: 'seance', id: sitting.id },
    kind: 'convocation',
    version: sitting.version,
    label: `Convocation, version ${sitting.version}`,
    basename: convocationBasename(sitting),
    formats: ['pdf'],
    by: sitting.history.at(-1)?.by ?? sitting.organiserKey,
    model,
  });
  const updated = await journalSittingDocuments(deps, sitting, [record]);
  return { sitting: updated, document: record };
}
