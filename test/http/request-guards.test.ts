import { refusalOf } from '../../src/http/request-guards';

/** The answer posted from a link's page, as a browser sends it (its origin named). */
const post = (origin: string, host: string) => ({
  host,
  origin,
  'sec-fetch-site': 'same-origin',
  'sec-fetch-mode': 'navigate',
  'content-type': 'application/x-www-form-urlencoded',
});
const answer = { method: 'POST', url: '/lien/seance/s%7Cp?exp=1&sig=x' };

describe('a page’s form posted behind a reverse proxy', () => {
  it('is accepted from the bot’s public origin when the proxy rewrote Host', () => {
    const headers = post('https://centrale.grandlyon.example', 'bot-internal.azurewebsites.net');
    expect(refusalOf(headers, false, answer)).toBe('Requête d’une page web refusée.');
    expect(refusalOf(headers, false, answer, 'https://centrale.grandlyon.example')).toBeNull();
  });

  it('is still refused from any other origin', () => {
    const headers = post('https://pirate.example', 'bot-internal.azurewebsites.net');
    expect(refusalOf(headers, false, answer, 'https://centrale.grandlyon.example')).toBe(
      'Requête d’une page web refusée.',
    );
  });
});
