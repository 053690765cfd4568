import * as ACData from 'adaptivecards-templating';
import { renderCard } from '../../src/teams/card-renderer';
import { forEveryone, isForEveryone } from '../../src/teams/replies';

/**
 * A card rendered again with the same data is not expanded again (issue 18: expanding the help
 * card cost more than the rest of its turn), and each render is a card of its own.
 */
const data = (title: string) => ({
  title,
  text: 'Une phrase.',
  facts: [{ title: 'Lieu', value: 'Salle' }],
  hint: '',
  color: 'Default',
});

it('expands a template once for the same data, again for other data', () => {
  const expand = jest.spyOn(ACData.Template.prototype, 'expand');
  try {
    renderCard('message', data('Première'));
    renderCard('message', data('Première'));
    expect(expand).toHaveBeenCalledTimes(1);
    renderCard('message', data('Seconde'));
    expect(expand).toHaveBeenCalledTimes(2);
  } finally {
    expand.mockRestore();
  }
});

it('gives each caller a card of its own: changing or marking one leaves the next render as it was', () => {
  const first = renderCard('message', data('Propre'));
  const again = renderCard('message', data('Propre'));
  expect(again).toEqual(first);
  expect(again).not.toBe(first);
  forEveryone(first);
  (first.body as Array<{ text?: string }>)[0]!.text = 'changé';
  const third = renderCard('message', data('Propre'));
  expect(isForEveryone(third)).toBe(false);
  expect(third).toEqual(again);
  expect(JSON.stringify(third)).not.toContain('changé');
});
