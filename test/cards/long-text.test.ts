import { SUMMARY_CHARACTERS, longText, shortened } from '../../src/teams/long-text';

describe('long text on a card', () => {
  it('shows a short text whole, with no « Voir tout »', () => {
    expect(longText('  Merci de confirmer avant lundi. ')).toEqual({
      summary: 'Merci de confirmer avant lundi.',
      full: 'Merci de confirmer avant lundi.',
      long: false,
    });
  });

  it('summarises a long text on a word boundary with « … », the whole text kept beside it', () => {
    const words = Array.from({ length: 200 }, (_, i) => `mot${i}`).join(' ');
    const t = longText(words);
    expect(t.long).toBe(true);
    expect(t.full).toBe(words);
    expect(t.summary.endsWith('…')).toBe(true);
    const head = t.summary.slice(0, -1);
    expect(head.length).toBeLessThanOrEqual(SUMMARY_CHARACTERS);
    expect(words.startsWith(`${head} `)).toBe(true);
  });

  it('summarises a text of many short lines too (a card stays short on a phone)', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `Point ${i + 1}`).join('\n');
    const t = longText(lines);
    expect(t.long).toBe(true);
    expect(t.summary.split('\n')).toHaveLength(5);
    expect(t.full).toBe(lines);
  });

  it('cuts a single overlong word (a link) rather than showing it all', () => {
    const t = longText(`Voir https://intranet.example/${'x'.repeat(600)}`);
    expect(t.summary.length).toBeLessThanOrEqual(SUMMARY_CHARACTERS + 1);
    expect(t.long).toBe(true);
  });

  it('keeps typed text harmless in both (no Markdown, no mention)', () => {
    const t = longText(`**gras** <at>Maire</at> ${'a '.repeat(300)}`);
    expect(t.summary).not.toContain('**gras**');
    expect(t.full).not.toContain('<at>');
  });

  it('shortens a title on a word with « … », and leaves a short one alone', () => {
    expect(shortened('Papier A4 recyclé', 80)).toBe('Papier A4 recyclé');
    const title = shortened('Ramettes de papier A4 recyclé pour les écoles élémentaires, les crèches et la mairie', 50);
    expect(title).toBe('Ramettes de papier A4 recyclé pour les écoles…');
  });
});
