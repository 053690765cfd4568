import { Person } from '../../src/domain/governance';
import { HeldSitting, feuilleEmargement, procesVerbal } from '../../src/app/meetings/minutes-documents';
import { DocumentModel } from '../../src/app/documents/model';

/** The procès-verbal and the feuille d'émargement as models (h52): rows that depend on who came. */
const person = (key: string, displayName: string) => ({ key, displayName }) as Person;
const held = (attendance: HeldSitting['sitting']['minutes']['attendance']): HeldSitting => ({
  sitting: {
    instanceName: 'Bureau',
    startsAt: '2026-12-10T21:30:00Z',
    timeZone: 'Europe/Paris',
    mode: 'presentiel',
    place: 'Salle A',
    agenda: [{ title: 'Budget' }],
    memberKeys: attendance.map((a) => a.personKey),
    minutes: {
      attendance,
      decisions: [{ item: 'Budget', decision: 'Adopté' }],
      counted: 3,
      required: 3,
      quorumReached: true,
      recordedAt: '2026-12-11T08:00:00Z',
      recordedBy: 'a',
      president: 'a',
      secretary: 'b',
      openedAt: '2026-12-10T21:40:00Z',
      closedAt: '2026-12-10T23:45:00Z',
    },
  } as unknown as HeldSitting['sitting'],
  people: [person('a', 'Anne'), person('b', 'Bruno'), person('c', 'Chloé'), person('d', 'Denis'), person('e', 'Éric')],
  adherents: [],
  centraleName: 'Centrale',
  edition: 1,
});
const rows = (m: DocumentModel) =>
  m.blocks.flatMap((b) =>
    b.kind === 'facts' ? b.rows.map((r) => r.join(' : ')) : b.kind === 'table' ? b.rows.map((r) => r.join(' | ')) : [],
  );

const base = [
  { personKey: 'a', choice: 'present' as const, proxyHolderKey: null },
  { personKey: 'b', choice: 'present' as const, proxyHolderKey: null },
];

it('lists substitutions and excuses when there are some, the absent always; a closing past midnight says its day', () => {
  const pv = rows(
    procesVerbal(
      held([
        ...base,
        { personKey: 'c', choice: 'suppleant', proxyHolderKey: null, substituteName: 'Paul Roux' },
        { personKey: 'd', choice: 'absent', proxyHolderKey: null, excused: true },
        { personKey: 'e', choice: 'pouvoir', proxyHolderKey: 'a' },
      ]),
      new Date(),
    ),
  );
  expect(pv).toEqual(
    expect.arrayContaining([
      'Suppléances (1) : Paul Roux pour Chloé',
      'Excusé·es (1) : Denis',
      'Absent·es (0) : —',
      'Pouvoirs : Anne porte le pouvoir d’Éric',
      'Ouverture : 22 h 40',
      'Clôture : vendredi 11 décembre 2026 à 0 h 45',
    ]),
  );
  const plain = rows(procesVerbal(held(base), new Date()));
  expect(plain.some((r) => r.startsWith('Suppléances') || r.startsWith('Excusé'))).toBe(false);
  expect(plain).toContain('Absent·es (0) : —');
});

it('the feuille d’émargement says « Excusé·e » and who sat in whose place', () => {
  const sheet = rows(
    feuilleEmargement(
      held([
        ...base,
        { personKey: 'c', choice: 'suppleant', proxyHolderKey: null, substituteName: 'Paul Roux' },
        { personKey: 'd', choice: 'absent', proxyHolderKey: null, excused: true },
      ]),
      new Date(),
    ),
  );
  expect(sheet).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^Chloé \| — \| Suppléé·e \| par Paul Roux/),
      expect.stringMatching(/^Denis \| — \| Excusé·e \|/),
    ]),
  );
});
