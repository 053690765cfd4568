import { ACTIONS, ActionName, ScaleContext, drivers, prepareLive } from '../../bench/scale-drivers';
import { Harness, startHarness } from '../support/bot-harness';

/**
 * `npm run bench:scale` times ten actions pressed through the real endpoint. Here each of its
 * drivers is pressed once on a tiny seed (the demo data and the live objects the bench makes)
 * to show that what it times is the bot's real answer — the card of an action that worked —
 * and that a driver whose action fails throws rather than being timed.
 */
let h: Harness;
let ctx: ScaleContext;
const answers = new Map<ActionName, string>();

beforeAll(async () => {
  h = await startHarness({ LOG_LEVEL: 'error' });
  ctx = await prepareLive(h);
  for (const d of drivers(h, ctx)) answers.set(d.action, await d.press(0));
}, 60_000);
afterAll(() => h.stop());

describe('the drivers of bench:scale', () => {
  it('press every action the bench reports', () => {
    expect([...answers.keys()]).toEqual([...ACTIONS]);
  });

  it('get the help, the vote, the answer and the convocations list as their person sees them', () => {
    expect(answers.get('aide')).toContain('Bonjour Amina Haddad');
    expect(answers.get('aide')).toContain('signaler un problème');
    expect(answers.get('vote')).toContain('Le COPIL RReT valide-t-il la programmation ?');
    expect(answers.get('vote')).toContain('Votre vote : Pour');
    expect(answers.get('answer')).toMatch(/^Convocation — COPIL RReT/);
    expect(answers.get('answer')).toMatch(/Votre réponse : Présent·e(\n|$)/);
    expect(answers.get('mes_convocations')).toMatch(/^Mes convocations\nCOPIL RReT\n/);
  });

  it('declare a need and report a dispute that are stored, and act on the dispute', async () => {
    expect(answers.get('need')).toContain('Besoin envoyé à la coordination.');
    const needs = await h.bot.store.needs.needs(ctx.campaignId);
    expect(needs.map((n) => n.description)).toContain('Papier A4 recyclé 80 g, lot 1');
    const ref = answers.get('dispute_report')!.match(/votre signalement porte la référence (LIT-\d{4}-\d{4})/)![1];
    expect(ref).toBeDefined();
    expect(answers.get('dispute_act')).toContain('Action corrective : Relance écrite du titulaire n° 1');
    const acted = await h.bot.store.disputes.get(ctx.dispute.fileId, ctx.dispute.disputeId);
    expect(acted!.actions.map((a) => a.text)).toEqual(['Relance écrite du titulaire n° 1']);
  });

  it('get the coordination’s follow-up, the programme and the bilan with their figures', () => {
    expect(answers.get('coordination')).toContain('1 adhérent sur 5 a répondu');
    expect(answers.get('programme')).toContain('Dossier Fournitures de bureau — 37 037,01 € HT');
    expect(answers.get('bilan')).toMatch(/^Bilan des litiges\n2 litiges, 0 résolu\./);
  });

  it('throw when the action does not work, so that the bench does not time an error', async () => {
    const wrong = drivers(h, { ...ctx, ballotId: 'scrutin-inconnu', sittingId: 'seance-inconnue' });
    const vote = wrong.find((d) => d.action === 'vote')!;
    const answer = wrong.find((d) => d.action === 'answer')!;
    await expect(vote.press(0)).rejects.toThrow(/vote: the answer lacks Votre vote : Pour/);
    await expect(answer.press(0)).rejects.toThrow(/answer: the answer lacks/);
  });
});
