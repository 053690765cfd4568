import { readFileSync } from 'fs';
import path from 'path';
import { INTENT_IDS } from '../../src/domain/language/grammar';
import {
  PROMPTS_FOLDER,
  createSentenceInterpreter,
  intentActions,
  toolName,
} from '../../src/teams/framework/language-model';
import { FakeOpenAI } from '../support/fake-openai';
import { selfSignedCertificate } from '../support/smtp-relay';

// The interpreter itself (teams-ai's ActionPlanner, the openai client), against a loopback fake:
// Azure OpenAI's request, the tool call read back, and the prompt folder the build ships.

describe('the prompt and its tools', () => {
  it('offers one tool per request of the grammar, under names OpenAI accepts', () => {
    const names = intentActions().map((a) => a.name);
    expect(names.length).toBe(INTENT_IDS.length);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(toolName('meeting.convene')).toBe('meeting_convene');
    const convene = intentActions().find((a) => a.name === 'meeting_convene')!;
    expect(convene.description).toBe('Convoquer une séance');
    expect(Object.keys((convene.parameters as { properties: object }).properties)).toEqual([
      'instance',
      'when',
      'contract',
      'amount',
    ]);
  });

  it('reads prompts/understand/: tools, no history, temperature 0, instructions in French', () => {
    const folder = path.join(PROMPTS_FOLDER, 'understand');
    const config = JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8'));
    expect(config.augmentation.augmentation_type).toBe('tools');
    expect(config.completion.include_history).toBe(false);
    expect(config.completion.temperature).toBe(0);
    expect(readFileSync(path.join(folder, 'skprompt.txt'), 'utf8')).toContain('Tu lis une seule phrase');
  });
});

describe('Azure OpenAI', () => {
  const certificate = selfSignedCertificate();
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await new FakeOpenAI({ key: certificate.key, cert: certificate.cert }).start();
  });
  afterAll(async () => {
    await fake.stop();
    certificate.dispose();
  });

  it('asks the deployment with the api-key, and turns the first tool call into the interpretation', async () => {
    const interpreter = createSentenceInterpreter(
      {
        kind: 'azure',
        endpoint: fake.url,
        apiKey: 'azure-key',
        deployment: 'gpt-test',
        apiVersion: '2024-10-21',
        timeoutMs: 3000,
      },
      undefined,
      { ca: certificate.cert },
    );
    fake.answer = {
      kind: 'tool',
      name: 'dispute_report',
      args: { contract: ' le marché des fournitures ', amount: '1 200 € HT', instance: 42, when: '' },
    };
    const sentence = 'les fournitures arrivent toujours en retard, ça nous coûte 1 200 € HT';
    expect(await interpreter.interpret(sentence)).toEqual({
      intent: 'dispute.report',
      contract: 'le marché des fournitures',
      amount: '1 200 € HT',
    });
    expect(fake.requests.length).toBe(1);
    const [request] = fake.requests;
    expect(request!.url).toBe('/openai/deployments/gpt-test/chat/completions?api-version=2024-10-21');
    expect(request!.headers['api-key']).toBe('azure-key');
    expect(request!.body.messages.at(-1)).toEqual({ role: 'user', content: sentence });
    expect(request!.body.tool_choice).toBe('auto');
  });

  it('an answer without a tool call, or with a tool the bot does not have, is no interpretation', async () => {
    const interpreter = createSentenceInterpreter(
      { kind: 'azure', endpoint: fake.url, apiKey: 'k', deployment: 'd', timeoutMs: 3000 },
      undefined,
      { ca: certificate.cert },
    );
    fake.answer = { kind: 'text', content: 'aucune' };
    expect(await interpreter.interpret('bla bla')).toBeNull();
    // Without AZURE_OPENAI_API_VERSION, a version that has tools (teams-ai's own default has not).
    expect(fake.requests.at(-1)!.url).toBe('/openai/deployments/d/chat/completions?api-version=2024-10-21');
    fake.answer = { kind: 'tool', name: 'delete_everything', args: {} };
    expect(await interpreter.interpret('bla bla')).toBeNull();
  });

  it('an endpoint whose certificate is not trusted fails, and gives null', async () => {
    const errors: string[] = [];
    const interpreter = createSentenceInterpreter(
      { kind: 'azure', endpoint: fake.url, apiKey: 'k', deployment: 'd', timeoutMs: 3000 },
      { info: () => undefined, error: (m) => errors.push(m) },
    );
    const printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const before = fake.requests.length;
      expect(await interpreter.interpret('bla bla')).toBeNull();
      expect(fake.requests.length).toBe(before);
      expect(errors).toEqual(['language model failed: the grammar’s answer stands']);
    } finally {
      printed.mockRestore();
    }
  });
});
