import { minutesFormCard } from '../../src/teams/meetings/minutes';
import { Sitting } from '../../src/domain/meetings/sitting';
import { Person } from '../../src/domain/governance';
import { rulesFromPreset } from '../../src/domain/rules';
import { press } from '../support/card-client';

/**
 * The relevé form's size (h52). A named vote is « tous pour sauf » lists and arrivals and
 * departures a few rows, so neither grows with the members; what does is one attendance choice
 * and two officer choices per member (~500 bytes) and ~2.4 KB per voted item. Measured with
 * 28-character names and 60-character titles, on one card: 20 members and 5 items 24.7 KB; 30
 * and 5, 29.7 KB; 60 and 8, 51.3 KB. Beyond 26 KB the form is two cards — the attendance, then
 * the officers, times, decisions and votes — each carrying what was typed on the other.
 */
const members = Array.from({ length: 60 }, (_, n) => `t:m${n}`);
const people = members.map(
  (key, n) => ({ key, displayName: `Marie-Christine Delacroix-${n}`, roles: [], memberId: null }) as unknown as Person,
);
const sitting = (m: number, items: number) =>
  ({
    id: 'seance-0f8a2c4e-1b3d-4f5a-9c7e-2d4b6f8a0c1e',
    centraleId: 'c',
    instanceName: 'Conférence des Maires de la Métropole',
    startsAt: '2026-12-10T08:30:00Z',
    timeZone: 'Europe/Paris',
    organiserKey: 't:m0',
    memberKeys: members.slice(0, m),
    agenda: Array.from({ length: items }, (_, n) => ({
      title: `Point ${n + 1} : approbation du programme de mutualisation des achats`,
      rapporteur: 'Direction Achats',
      links: [],
    })),
    quorum: rulesFromPreset('cgct-3500-et-plus').quorum,
    status: 'convoquee',
    history: [],
  }) as unknown as Sitting;
const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card));
const titles = (card: any) => card.actions.map((a: any) => a.title);

it('a small instance’s form is one card', () => {
  const card = minutesFormCard({ sitting: sitting(20, 5), people, answers: [] });
  expect(bytes(card)).toBeLessThan(28 * 1024);
  expect(titles(card)).toEqual(['Enregistrer et publier le relevé', 'Annuler']);
});

it('60 members and 8 voted items: two cards under 28 KB each, and what was typed on one goes with the other', () => {
  const form = { sitting: sitting(60, 8), people, answers: [] };
  const typed: Record<string, string> = { sittingId: 'x', mvwho_0: '12', mvarr_0: '10:15' };
  for (let n = 0; n < 60; n++) typed[`att_${n}`] = n < 50 ? 'present' : 'absent';
  const presence = minutesFormCard(form, typed);
  expect(bytes(presence)).toBeLessThan(28 * 1024);
  expect(titles(presence)).toEqual(['Suivant : décisions et votes', 'Annuler']);
  const next = press(presence, 'Suivant : décisions et votes');
  if (!next.sent) throw new Error(JSON.stringify(next.refused));
  expect(next.data).toMatchObject({ to: 'decisions', att_49: 'present', mvarr_0: '10:15' });

  const decisions = minutesFormCard(form, { ...next.data, vote_0: 'named', vcontre_0: '1, 2' }, 'x', 'decisions');
  expect(bytes(decisions)).toBeLessThan(28 * 1024);
  expect(titles(decisions)).toEqual(['Enregistrer et publier le relevé', 'Retour aux présences', 'Annuler']);
  // the officers are chosen among the 50 present
  const president = JSON.stringify(decisions).match(/"id":"president"[^\]]*\]/)![0];
  expect(president.match(/"title"/g)).toHaveLength(50);
  const record = press(decisions, 'Enregistrer et publier le relevé', { dec_0: 'Adopté' });
  if (!record.sent) throw new Error(JSON.stringify(record.refused));
  expect(record.data).toMatchObject({
    att_49: 'present',
    att_50: 'absent',
    mvwho_0: '12',
    vcontre_0: '1, 2',
    dec_0: 'Adopté',
  });
  // and back: the attendance card carries the decisions typed
  const back = press(decisions, 'Retour aux présences', { dec_0: 'Adopté' });
  if (!back.sent) throw new Error(JSON.stringify(back.refused));
  const again = minutesFormCard(form, back.data as Record<string, string>, '', 'presence');
  const forward = press(again, 'Suivant : décisions et votes');
  if (!forward.sent) throw new Error(JSON.stringify(forward.refused));
  expect(forward.data).toMatchObject({ dec_0: 'Adopté', vcontre_0: '1, 2', vote_0: 'named' });
});
