import { loadConfig } from '../src/config';

const production = {
  MICROSOFT_APP_ID: 'id',
  MICROSOFT_APP_PASSWORD: 'secret',
  COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
  COSMOS_KEY: 'key',
  PUBLIC_BASE_URL: 'https://centrale-bot.example.org',
};

describe('configuration', () => {
  it('needs the public https address outside local mode, for the links cards open', () => {
    const { PUBLIC_BASE_URL: _omitted, ...withoutBase } = production;
    expect(() => loadConfig(withoutBase)).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'http://centrale-bot.example.org' })).toThrow(
      /PUBLIC_BASE_URL/,
    );
  });

  it('reads dispute delays per severity, and says what it expects when they are malformed', () => {
    expect(loadConfig({ ...production, DISPUTE_DELAYS: 'critique=2h/1d, haute=1d/5d' }).DISPUTE_DELAYS).toEqual({
      critique: { takeCharge: 2, resolve: 24 },
      haute: { takeCharge: 24, resolve: 120 },
    });
    expect(loadConfig(production).DISPUTE_DELAYS).toEqual({});
    expect(() => loadConfig({ ...production, DISPUTE_DELAYS: 'urgent=1h' })).toThrow(
      /DISPUTE_DELAYS: expected e.g. critique=4h\/2d/,
    );
  });

  it('defaults to production, so local mode is never switched on by accident', () => {
    expect(() => loadConfig({})).toThrow(/MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are required outside local mode/);
    expect(loadConfig(production)).toMatchObject({ BOT_MODE: 'production', local: false, host: '0.0.0.0', PORT: 3978 });
  });

  it('runs locally on loopback with the embedded database when asked', () => {
    const local = loadConfig({ BOT_MODE: 'local' });
    expect(local).toMatchObject({ local: true, host: '127.0.0.1' });
    expect(local.COSMOS_ENDPOINT).toBeUndefined();
  });

  it('names the variable that has a bad value', () => {
    expect(() => loadConfig({ BOT_MODE: 'local', PORT: 'trois' })).toThrow(/PORT:/);
    expect(() => loadConfig({ BOT_MODE: 'locale' })).toThrow(/BOT_MODE:/);
    expect(() => loadConfig({ BOT_MODE: 'local', ADMIN_IDS: 'not-an-id' })).toThrow(/ADMIN_IDS/);
    expect(() => loadConfig({ ...production, COSMOS_ENDPOINT: 'nope' })).toThrow(/COSMOS_ENDPOINT:/);
  });

  it('refuses credentials in local mode and the embedded database in production', () => {
    expect(() => loadConfig({ BOT_MODE: 'local', MICROSOFT_APP_ID: 'id' })).toThrow(
      /BOT_MODE=local runs without Bot Framework authentication/,
    );
    expect(() => loadConfig({ ...production, COSMOS_ENDPOINT: '' })).toThrow(
      /COSMOS_ENDPOINT is required outside local mode/,
    );
    expect(() => loadConfig({ ...production, COSMOS_KEY: '' })).toThrow(/COSMOS_USE_ENTRA/);
    expect(() => loadConfig({ ...production, DEMO_DATA: 'true' })).toThrow(/DEMO_DATA/);
  });

  it('keeps local mode, which has no authentication, off the network and away from real data', () => {
    expect(() => loadConfig({ BOT_MODE: 'local', HOST: '0.0.0.0' })).toThrow(/listens on loopback only/);
    expect(() =>
      loadConfig({ BOT_MODE: 'local', COSMOS_ENDPOINT: 'https://prod.documents.azure.com:443/', COSMOS_KEY: 'k' }),
    ).toThrow(/loopback emulator/);
    expect(
      loadConfig({
        BOT_MODE: 'local',
        COSMOS_ENDPOINT: 'https://127.0.0.1:8081/',
        COSMOS_KEY: 'k',
        COSMOS_EMULATOR: 'true',
      }).COSMOS_EMULATOR,
    ).toBe(true);
    expect(() => loadConfig({ ...production, COSMOS_EMULATOR: 'true' })).toThrow(/COSMOS_EMULATOR/);
  });

  it('reads the seeded administrators as tenant:object pairs', () => {
    expect(loadConfig({ BOT_MODE: 'local', ADMIN_IDS: 'metropole-de-lyon=t1:o1, autre=t2:o2' }).ADMIN_IDS).toEqual([
      'metropole-de-lyon=t1:o1',
      'autre=t2:o2',
    ]);
    expect(() => loadConfig({ BOT_MODE: 'local', ADMIN_IDS: 't1:o1' })).toThrow(/centraleId=tenantId:objectId/);
  });

  it('splits each seeded administrator once, into centrale, tenant and object id', () => {
    expect(loadConfig({ BOT_MODE: 'local', ADMIN_IDS: 'metropole-de-lyon=t1:o1, autre=t2:o2' }).admins).toEqual([
      { centraleId: 'metropole-de-lyon', tenantId: 't1', aadObjectId: 'o1' },
      { centraleId: 'autre', tenantId: 't2', aadObjectId: 'o2' },
    ]);
    expect(loadConfig({ BOT_MODE: 'local' }).admins).toEqual([]);
  });
});
