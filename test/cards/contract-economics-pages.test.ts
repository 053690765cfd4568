import { EconomicsForm } from '../../src/app/bilan/economics';
import { ROWS_PER_PAGE, economicsCard } from '../../src/teams/disputes/economics-views';
import { textOf } from '../support/bot-harness';

/** The Lyon metropolis has 59 communes: a contract used by all of them is one form in pages. */
const members = Array.from({ length: 59 }, (_, i) => ({
  id: `commune-${i}`,
  name: `Commune de Saint-Quelque-Chose-sur-Rhône ${i}`,
}));
const typed: Record<string, string> = { unit: 'ramettes', unitPrice: '3,10' };
for (const m of members) {
  typed[`volume_${m.id}`] = '1 200';
  typed[`reference_${m.id}`] = '4 200,00';
  typed[`supplier_${m.id}`] = 'Bureau Vallée, Papeteries du Centre';
}
const form = (over: Partial<EconomicsForm> = {}): EconomicsForm => ({
  contract: {
    id: 'marche-1',
    centraleId: 'c',
    number: '2026-014',
    title: 'Fournitures de bureau',
    supplier: 'Papeteries Réunies',
    lots: [],
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    memberIds: members.map((m) => m.id),
    fileId: 'f',
  },
  file: null,
  members,
  typed,
  errors: {},
  campaignId: 'campagne-1',
  offer: null,
  unused: [],
  banner: '',
  proposed: false,
  ...over,
});
type Node = Record<string, unknown>;
const walk = (n: unknown, visit: (n: Node) => void): void => {
  if (Array.isArray(n)) return n.forEach((x) => walk(x, visit));
  if (!n || typeof n !== 'object') return;
  visit(n as Node);
  Object.values(n).forEach((x) => walk(x, visit));
};
const inputIds = (card: unknown) => {
  const ids: string[] = [];
  walk(card, (n) => typeof n.type === 'string' && n.type.startsWith('Input.') && ids.push(String(n.id)));
  return ids;
};
const action = (card: unknown, title: string) => {
  let found: Node | undefined;
  walk(card, (n) => n.type === 'Action.Execute' && n.title === title && (found ??= n));
  return found;
};

describe('the economics form of a contract of 59 members', () => {
  it('stays under 28 KB, one page of rows at a time', () => {
    for (const page of [0, 1, 3]) {
      const card = economicsCard(form(), page);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
      expect(inputIds(card).filter((id) => id.startsWith('volume_')).length).toBe(ROWS_PER_PAGE);
    }
    expect(textOf(economicsCard(form(), 1))).toContain('Adhérents 13 à 24 sur 59');
  });

  it('carries the rows of the other pages, as typed, in the two buttons that send the form', () => {
    const card = economicsCard(form({ typed: { ...typed, 'volume_commune-40': '77' } }), 0);
    const others = (title: string) =>
      JSON.parse((action(card, title)!.data as Record<string, string>).others!) as string[][];
    expect(others('Enregistrer')).toContainEqual([
      'commune-40',
      '77',
      '4 200,00',
      'Bureau Vallée, Papeteries du Centre',
    ]);
    // The rows on this page are sent by their inputs.
    expect(others('Enregistrer').map((r) => r[0])).not.toContain('commune-0');
    expect(others('Enregistrer')).toHaveLength(59 - ROWS_PER_PAGE);
    expect(action(card, 'Afficher ces adhérents')!.data).toMatchObject({ keep: 'oui', campaignId: 'campagne-1' });
    expect(others('Afficher ces adhérents')).toEqual(others('Enregistrer'));
    // « Reprendre les besoins » takes every row from the campaign: it carries none.
    const offered = economicsCard(form({ offer: { campaignId: 'campagne-1', title: 'Besoins 2027' } }), 0);
    expect(action(offered, 'Reprendre ces besoins')!.data).toEqual({
      contractId: 'marche-1',
      take: 'campagne-1',
      keep: 'oui',
    });
  });

  it('opens on the page of the first row refused', () => {
    const card = economicsCard(form({ errors: { 'volume_commune-50': 'Le volume doit être un nombre positif.' } }), 0);
    expect(inputIds(card)).toContain('volume_commune-50');
    expect(textOf(card)).toContain('Adhérents 49 à 59 sur 59');
    expect(textOf(card)).toContain('Le volume doit être un nombre positif.');
  });
});
