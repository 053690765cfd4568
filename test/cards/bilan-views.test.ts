import { BilanData } from '../../src/app/bilan/queries';
import {
  centraleReview,
  centraleWindows,
  contractReview,
  contractWindows,
  memberReview,
} from '../../src/domain/bilan/indicators';
import { yearPeriod } from '../../src/domain/bilan/periods';
import { Member } from '../../src/domain/governance';
import { centraleBilanCard, contractBilanCard, memberBilanCard } from '../../src/teams/bilan/views';
import { priceText, quantityText, savedEuros, savingsText } from '../../src/app/bilan/bilan-text';
import { textOf } from '../support/bot-harness';
import { contractA, contractB, contractC, inputs } from '../support/bilan-fixture';

// The adaptivecards UMD build (as test/cards/cards.test.ts loads it) to check the cards parse cleanly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');
const parseWarnings = (card: unknown): string[] => {
  const ctx = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, ctx);
  return Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message as string);
};

/**
 * The bilan des marchés' presenters over the hand-computed fixture (test/support/bilan-fixture.ts,
 * whose figures test/domain/bilan/indicators.test.ts works out): what a person reads, in French.
 */
const now = new Date('2026-12-01T12:00:00Z');
const zone = 'Europe/Paris';
const y2026 = yearPeriod(2026);
const names: Record<string, string> = {
  m1: 'Ville de Villeurbanne',
  m2: 'Ville de Vénissieux',
  m3: 'Ville de Bron',
  m4: 'Ville de Caluire-et-Cuire',
  m5: 'CCAS de Saint-Priest',
};
const members: Member[] = Object.entries(names).map(([id, name]) => ({ id, centraleId: 'c', name, kind: 'commune' }));
const data: BilanData = {
  centraleId: 'c',
  centraleName: 'Métropole de Lyon',
  timeZone: zone,
  members,
  contracts: [contractA, contractB, contractC],
  today: '2026-12-01',
};
/** Spaces of every kind as one: amounts use no-break spaces, numbers narrow ones. */
const flat = (card: unknown) => textOf(card).replace(/[\u00a0\u202f]/g, ' ');
const size = (card: unknown) => Buffer.byteLength(JSON.stringify(card));

const centrale = (w = y2026) => ({
  data,
  windows: centraleWindows(data.contracts),
  inputs: inputs(),
  review: centraleReview(inputs(), w, now, zone),
});

describe('the centrale’s bilan card', () => {
  const card = centraleBilanCard(centrale());
  const text = flat(card);

  it('gives the totals of 2026 in French: savings, calculable and sustainable contracts, consumption, disputes', () => {
    // 450 000 (A) + 352 877 (C, half a year of its forfait), B « non calculable ».
    expect(text).toContain('Gains achats en 2026\n8 028,77 €');
    expect(text).toContain('2 marchés sur 3 calculables');
    expect(text).toContain('Marchés durables\n2 sur 3 (67 %)');
    expect(text).toContain('Consommation relevée\n50 970,00 € HT');
    expect(text).toContain('Litiges\n3 litiges, pénalités 500,00 €');
    expect(parseWarnings(card)).toEqual([]);
  });

  it('has one row per contract: savings or « non calculable » (never 0 €), consumption, members, satisfaction', () => {
    expect(text).toContain('2025-001 — Restauration scolaire');
    expect(text).toContain('4 500,00 € (2 adhérents sur 3 avec un prix de référence)');
    expect(text).toContain('non calculable (aucun prix de référence)');
    expect(text).not.toMatch(/Gains achats\n0,00 €/);
    expect(text).toContain('95 % de la prévision');
    expect(text).toContain('3 adhérents sur 3');
    expect(text).toContain('3,7 / 5 (4 réponses)');
    expect(text).toContain('moins de 3 réponses : non publié');
    expect(text).toContain('pas d’enquête de satisfaction sur ce marché');
    const buttons = JSON.stringify(card).match(
      /"verb":"bilan\.contract","data":\{"contractId":"[ABC]","windowKey":"2026"\}/g,
    );
    expect(buttons).toHaveLength(3);
  });

  it('offers the windows (each year, then the whole duration), the current one chosen, and a way back', () => {
    const choice = (card.body as any[]).flatMap((b) => b.items ?? []).find((i: any) => i.id === 'windowKey');
    expect(choice.value).toBe('2026');
    expect(choice.choices.map((c: any) => c.title)).toEqual(['2025', '2026', '2027', 'Toute la durée des marchés']);
    const actions = (card.actions as any[]).map((a) => a.title);
    expect(actions).toEqual(['Bilan des litiges', 'Que puis-je faire ?']);
  });

  it('shows chart images only when the route gives their links', () => {
    expect(JSON.stringify(card)).not.toContain('"type":"Image"');
    const withChart = centraleBilanCard(centrale(), {
      charts: [{ url: 'https://bot.example/chart.png', altText: 'Gains achats par marché' }],
    });
    expect(JSON.stringify(withChart)).toContain('"url":"https://bot.example/chart.png"');
    expect(parseWarnings(withChart)).toEqual([]);
  });

  it('says when no contract ran in the window, without empty headings', () => {
    const empty = flat(centraleBilanCard(centrale(yearPeriod(2030))));
    expect(empty).toContain('Aucun marché ne court en 2030 : choisissez une autre période.');
    expect(empty).not.toContain('Par marché');
    expect(empty).not.toContain('Gains achats');
  });

  it('stays under Teams’ 28 KB with many contracts (25 rows, then a count)', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...inputs()[0]!, contract: { ...contractA, id: `A${i}` } }));
    const big = centraleBilanCard({ ...centrale(), review: centraleReview(many, y2026, now, zone) });
    expect(size(big)).toBeLessThan(28 * 1024);
    expect(flat(big)).toContain('25 marchés affichés sur 60.');
  });
});

describe('a contract’s bilan card', () => {
  const view = (w = y2026) => ({
    data,
    windows: contractWindows(contractA),
    review: contractReview(inputs()[0]!, w, now, zone),
  });
  const card = contractBilanCard(view());
  const text = flat(card);

  it('gives the prices and the renewal, the baseline coverage and the savings', () => {
    expect(text).toContain('Attribué du 1er janvier 2025 au 31 décembre 2025 à 3,00 € HT par repas.');
    expect(text).toContain('Reconduit jusqu’au 31 décembre 2026 à 3,10 € HT par repas.');
    expect(text).toContain('Prix en vigueur\n3,10 € HT par repas');
    expect(text).toContain('Prix de référence\ndonné par 2 adhérents sur 3');
    expect(text).toContain('Gains achats en 2026\n4 500,00 €');
  });

  it('has a row per member: forecast, consumed, ratio, share of volume, savings or « pas de prix de référence »', () => {
    expect(text).toContain(
      'Ville de Villeurbanne\nprévu 10 000 repas par an · consommé 10 200 repas (102 % de la prévision) · 63 % du volume · gains 4 000,00 €',
    );
    expect(text).toContain('Ville de Bron\nprévu 2 000 repas par an · consommé 1 000 repas (50 % de la prévision)');
    expect(text).toContain('gains non calculables : pas de prix de référence');
  });

  it('gives the disputes by category, recurrence, penalties and delays, and the satisfaction', () => {
    expect(text).toContain(
      '3 litiges (Retard de livraison ou de prestation : 2, Non-conformité de qualité : 1) · 1 récurrent · pénalités 500,00 € HT',
    );
    expect(text).toContain('Satisfaction\n3,7 / 5 (4 réponses)');
    expect(text).toContain('Clauses durables\naucune clause environnementale ni sociale');
  });

  it('leads back to the centrale’s bilan over the same window; the import button only with its link', () => {
    const back = (card.actions as any[]).find((a) => a.title === 'Retour au bilan de la centrale');
    expect(back).toMatchObject({ verb: 'bilan.centrale', data: { windowKey: '2026' } });
    expect(JSON.stringify(card)).not.toContain('Importer un relevé');
    const withImport = contractBilanCard(view(), { importUrl: 'https://bot.example/import?sig=1' });
    expect((withImport.actions as any[]).find((a) => a.type === 'Action.OpenUrl')).toMatchObject({
      title: 'Importer un relevé de consommation',
      url: 'https://bot.example/import?sig=1',
    });
  });

  it('over the whole duration, gives the savings of the window and per year', () => {
    const duree = contractWindows(contractA).find((w) => w.key === 'duree')!;
    const whole = flat(
      contractBilanCard(view(duree), {
        perYear: [2025, 2026].map((y) => ({
          window: yearPeriod(y),
          savings: contractReview(inputs()[0]!, yearPeriod(y), now, zone).periodSavings,
        })),
      }),
    );
    expect(whole).toContain('Gains achats sur la durée du marché\n10 500,00 €');
    expect(whole).toContain('Gains achats en 2025\n6 000,00 €');
    expect(whole).toContain('Gains achats en 2026\n4 500,00 €');
  });

  it('says « non calculable » for a contract without any baseline, never 0 €', () => {
    const b = flat(
      contractBilanCard({
        data,
        windows: contractWindows(contractB),
        review: contractReview(inputs()[1]!, y2026, now, zone),
      }),
    );
    expect(b).toContain('Gains achats en 2026\nnon calculable (aucun prix de référence)');
    expect(b).toContain('Clauses durables\nclause environnementale');
    expect(b).not.toContain('0,00 €\n');
  });
});

describe('a commune’s bilan card', () => {
  const view = (memberId: string) => {
    const member = members.find((m) => m.id === memberId)!;
    const used = data.contracts.filter((c) => c.memberIds.includes(memberId));
    return {
      data,
      windows: centraleWindows(used),
      member,
      review: memberReview(centraleReview(inputs(), y2026, now, zone), memberId),
    };
  };

  it('says what the commune saved, in its own figures only', () => {
    const card = memberBilanCard(view('m1'), { own: true });
    const text = flat(card);
    expect(text).toContain('Votre commune a économisé 4 000,00 € en 2026.');
    expect(text).toContain('Prévu\n10 000 repas par an');
    expect(text).toContain('Consommé\n10 200 repas, 31 620,00 € HT');
    // Nothing of another commune: neither its name nor its figures.
    for (const [id, name] of Object.entries(names)) if (id !== 'm1') expect(text).not.toContain(name);
    expect(text).not.toContain('5 000 repas');
    expect(text).not.toContain('2 400');
    expect(JSON.stringify(card)).not.toMatch(/"m[2-5]"/);
    expect(JSON.stringify(card)).not.toContain('bilan.contract');
    expect(parseWarnings(card)).toEqual([]);
  });

  it('counts the contracts it cannot compute, and says « non calculable » when none is', () => {
    expect(flat(memberBilanCard(view('m4'), { own: true }))).toContain(
      'Votre commune a économisé 504,11 € en 2026.\nSans compter 1 marché non calculable faute de prix de référence.',
    );
    expect(flat(memberBilanCard(view('m3'), { own: true }))).toContain(
      'Ce que votre commune a économisé en 2026 : non calculable (aucun prix de référence).',
    );
  });
});

describe('French quantities', () => {
  it('agree with their number', () => {
    expect(quantityText('1', 'ramette')).toBe('1 ramette');
    expect(quantityText('1200', 'ramette').replace(/\u202f/g, ' ')).toBe('1 200 ramettes');
    expect(quantityText('2', 'repas')).toBe('2 repas');
    expect(quantityText('12.5', 'MWh')).toBe('12,5 MWh');
  });
});

describe('a contract dearer than what it replaced', () => {
  it('says « surcoût de … », never a bare negative amount', () => {
    const loss = { calculable: true as const, cents: -123_400, membersCounted: 2, membersForecast: 2 };
    expect(savingsText(loss).replace(/[\u00a0\u202f]/g, ' ')).toBe('surcoût de 1 234,00 €');
    expect(savingsText(loss, { ht: true }).replace(/[\u00a0\u202f]/g, ' ')).toBe('surcoût de 1 234,00 € HT');
    expect(savedEuros(50_000).replace(/[\u00a0\u202f]/g, ' ')).toBe('500,00 €');
  });
});

describe('a price per unit', () => {
  const flat = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
  it('reads « par repas », « par heure », and never « par ramettes » for a unit typed in the plural', () => {
    const p = { unitPriceCents: 310, awardedAnnualCents: null };
    expect(flat(priceText(p, 'repas'))).toBe('3,10 € HT par repas');
    expect(flat(priceText(p, 'heure'))).toBe('3,10 € HT par heure');
    expect(flat(priceText(p, 'ramettes'))).toBe('3,10 € HT l’unité (ramettes)');
    expect(flat(priceText({ unitPriceCents: null, awardedAnnualCents: 9_000_000 }, 'heure'))).toBe(
      '90 000,00 € HT par an (forfait)',
    );
  });
});
