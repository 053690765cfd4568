import { minutesFormCard } from '../../src/teams/meetings/minutes';
import { Sitting } from '../../src/domain/meetings/sitting';
import { Person } from '../../src/domain/governance';
import { rulesFromPreset } from '../../src/domain/rules';

/**
 * The relevé form's size (h52). A named vote is « tous pour sauf » lists and arrivals and
 * departures a few rows, so neither grows with the members; what does is one attendance choice
 * and two officer choices per member (~500 bytes) and ~2.4 KB per voted item. Measured with
 * 28-character names and 60-character titles: 20 members and 5 items 24.7 KB; 30 and 5,
 * 29.7 KB; 60 members and no item already 32.3 KB; 60 and 8, 51.3 KB. Beyond ~25 members the
 * form must be split in two cards (présences, then décisions): not done yet.
 */
const members = Array.from({ length: 60 }, (_, n) => `t:m${n}`);
const people = members.map(
  (key, n) => ({ key, displayName: `Marie-Christine Delacroix-${n}`, roles: [], memberId: null }) as unknown as Person,
);
const sitting = {
  id: 'seance-0f8a2c4e-1b3d-4f5a-9c7e-2d4b6f8a0c1e',
  centraleId: 'c',
  instanceName: 'Conférence des Maires de la Métropole',
  startsAt: '2026-12-10T08:30:00Z',
  timeZone: 'Europe/Paris',
  organiserKey: 't:m0',
  memberKeys: members,
  agenda: Array.from({ length: 8 }, (_, n) => ({
    title: `Point ${n + 1} : approbation du programme de mutualisation des achats`,
    rapporteur: 'Direction Achats',
    links: [],
  })),
  quorum: rulesFromPreset('cgct-3500-et-plus').quorum,
  status: 'convoquee',
  history: [],
} as unknown as Sitting;

it('holds 20 members and 5 voted items under 28 KB, with what was typed', () => {
  const typed: Record<string, string> = {
    vote_0: 'named',
    vcontre_0: members
      .slice(0, 20)
      .map((_, n) => `${n + 1}`)
      .join(', '),
  };
  for (let n = 0; n < 20; n++) {
    typed[`att_${n}`] = 'present';
  }
  for (let n = 0; n < 5; n++) typed[`dec_${n}`] = 'Adopté à l’unanimité des suffrages exprimés, avec les remarques';
  const card = minutesFormCard(
    {
      sitting: { ...sitting, memberKeys: members.slice(0, 20), agenda: sitting.agenda.slice(0, 5) } as Sitting,
      people,
      answers: [],
    },
    typed,
    'Vote du point 1 : corrigez les nombres.',
  );
  const bytes = Buffer.byteLength(JSON.stringify(card));
  expect(bytes).toBeLessThan(28 * 1024);
});
