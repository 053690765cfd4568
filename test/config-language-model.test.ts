import { loadConfig } from '../src/config';

// The optional language model (issue 22): off unless every variable of one kind is set.
const production = {
  MICROSOFT_APP_ID: 'id',
  MICROSOFT_APP_PASSWORD: 'secret',
  COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
  COSMOS_KEY: 'key',
  PUBLIC_BASE_URL: 'https://centrale-bot.example.org',
};
const azure = {
  AZURE_OPENAI_ENDPOINT: 'https://centrale.openai.azure.com',
  AZURE_OPENAI_API_KEY: 'azure-key',
  AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-mini',
};
const compatible = {
  LANGUAGE_MODEL_ENDPOINT: 'https://api.example.org/v1',
  LANGUAGE_MODEL_API_KEY: 'key',
  LANGUAGE_MODEL_NAME: 'mistral-small',
};

describe('language model configuration', () => {
  it('is off when nothing is set', () => {
    expect(loadConfig(production).languageModel).toBeNull();
    expect(loadConfig({ BOT_MODE: 'local' }).languageModel).toBeNull();
  });

  it('reads Azure OpenAI, with a timeout of 4 s by default', () => {
    expect(loadConfig({ ...production, ...azure, AZURE_OPENAI_API_VERSION: '2024-10-21' }).languageModel).toEqual({
      kind: 'azure',
      endpoint: 'https://centrale.openai.azure.com',
      apiKey: 'azure-key',
      deployment: 'gpt-4o-mini',
      apiVersion: '2024-10-21',
      timeoutMs: 4000,
    });
  });

  it('reads an OpenAI-compatible endpoint, and its timeout', () => {
    expect(loadConfig({ ...production, ...compatible, LANGUAGE_MODEL_TIMEOUT_MS: '2500' }).languageModel).toEqual({
      kind: 'openai',
      endpoint: 'https://api.example.org/v1',
      apiKey: 'key',
      model: 'mistral-small',
      timeoutMs: 2500,
    });
  });

  it('names what is missing, and refuses two kinds at once', () => {
    const { AZURE_OPENAI_DEPLOYMENT: _d, ...noDeployment } = azure;
    expect(() => loadConfig({ ...production, ...noDeployment })).toThrow(/needs AZURE_OPENAI_DEPLOYMENT too/);
    expect(() => loadConfig({ ...production, LANGUAGE_MODEL_API_KEY: 'key' })).toThrow(
      /needs LANGUAGE_MODEL_ENDPOINT, LANGUAGE_MODEL_NAME too/,
    );
    expect(() => loadConfig({ ...production, ...azure, ...compatible })).toThrow(/not both/);
    expect(() => loadConfig({ ...production, AZURE_OPENAI_API_VERSION: '2024-10-21' })).toThrow(
      /AZURE_OPENAI_API_VERSION goes with/,
    );
  });

  it('never sends the key in clear text off this machine', () => {
    expect(() =>
      loadConfig({ ...production, ...compatible, LANGUAGE_MODEL_ENDPOINT: 'http://api.example.org/v1' }),
    ).toThrow(/LANGUAGE_MODEL_ENDPOINT must be https/);
    expect(
      loadConfig({ ...production, ...compatible, LANGUAGE_MODEL_ENDPOINT: 'http://127.0.0.1:8080/v1' }).languageModel
        ?.endpoint,
    ).toBe('http://127.0.0.1:8080/v1');
    expect(() =>
      loadConfig({ ...production, ...azure, AZURE_OPENAI_ENDPOINT: 'http://centrale.openai.azure.com' }),
    ).toThrow(/AZURE_OPENAI_ENDPOINT must be https/);
  });

  it('says what it expects of a bad timeout', () => {
    expect(() => loadConfig({ ...production, ...compatible, LANGUAGE_MODEL_TIMEOUT_MS: '10' })).toThrow(
      /LANGUAGE_MODEL_TIMEOUT_MS/,
    );
  });
});
