import https from 'https';
import path from 'path';
import { Activity, BotAdapter, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import {
  AI,
  ActionPlanner,
  ChatCompletionAction,
  OpenAIModel,
  PredictedDoCommand,
  PromptManager,
  PromptTemplate,
  TurnState,
} from '@microsoft/teams-ai';
import { InterpretedSentence, SentenceInterpreter } from '../../app/language/understand-sentence';
import { INTENT_IDS, IntentId } from '../../domain/language/grammar';
import { Logger } from '../../logger';
import { projectRoot } from '../../project-root';
import { INTENT_LABELS } from '../language/sentences';

/**
 * The optional language model (issue 22), through teams-ai's planner: an `ActionPlanner` whose
 * prompt (`prompts/understand/`) offers the bot's requests as tools. It is asked only about a
 * sentence the grammar did not understand, with that sentence alone: no name, e-mail, id,
 * history nor anything of the conversation. What it answers only points (the domain reads its
 * words again) and only prefills a form. A timeout or any error gives null: the grammar's
 * answer (« Je n’ai pas compris ») stands.
 */
export type LanguageModelOptions =
  | {
      kind: 'azure';
      /** https://<resource>.openai.azure.com */
      endpoint: string;
      apiKey: string;
      deployment: string;
      apiVersion?: string;
      timeoutMs: number;
    }
  | {
      kind: 'openai';
      /** An OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 */
      endpoint: string;
      apiKey: string;
      model: string;
      timeoutMs: number;
    };

export const PROMPTS_FOLDER = path.join(projectRoot, 'prompts');
const PROMPT = 'understand';
const PARAMETERS = ['instance', 'when', 'contract', 'amount'] as const;
const MAX_PARAMETER = 200;
/** The Azure OpenAI API version asked by default: generally available, with tools. */
export const AZURE_API_VERSION = '2024-10-21';

/** A tool's name: OpenAI allows [a-zA-Z0-9_-] only, so « meeting.convene » is « meeting_convene ». */
export const toolName = (intent: IntentId): string => intent.replace(/\./g, '_');
const INTENT_OF_TOOL = new Map<string, IntentId>(INTENT_IDS.map((i) => [toolName(i), i]));

/** The tools offered: one per request of the grammar, each with the same optional words. */
export function intentActions(): ChatCompletionAction[] {
  return INTENT_IDS.map((intent) => ({
    name: toolName(intent),
    description: INTENT_LABELS[intent],
    parameters: {
      type: 'object',
      properties: {
        instance: { type: 'string', description: 'L’instance ou le comité nommé, avec les mots de la phrase.' },
        when: { type: 'string', description: 'La date ou l’heure dite, avec les mots de la phrase.' },
        contract: { type: 'string', description: 'Le marché nommé (numéro ou objet), avec les mots de la phrase.' },
        amount: { type: 'string', description: 'Le montant dit, avec son unité (« 12 500 € HT »).' },
      },
      required: [],
      additionalProperties: false,
    },
  }));
}

/** teams-ai asks for a turn context; this one holds the sentence alone and can send nothing. */
class NoSendAdapter extends BotAdapter {
  sendActivities(): Promise<ResourceResponse[]> {
    return Promise.reject(new Error('the language model sends nothing'));
  }
  updateActivity(): Promise<ResourceResponse | void> {
    return Promise.reject(new Error('the language model sends nothing'));
  }
  deleteActivity(): Promise<void> {
    return Promise.reject(new Error('the language model sends nothing'));
  }
  continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    return Promise.reject(new Error('the language model sends nothing'));
  }
}

/** The words the model took for each entity: strings only, trimmed, short. */
function interpretation(command: PredictedDoCommand): InterpretedSentence | null {
  const intent = INTENT_OF_TOOL.get(command.action);
  if (!intent) return null;
  const out: InterpretedSentence = { intent };
  const given = (command.parameters ?? {}) as Record<string, unknown>;
  for (const key of PARAMETERS) {
    const value = given[key];
    if (typeof value === 'string' && value.trim()) out[key] = value.trim().slice(0, MAX_PARAMETER);
  }
  return out;
}

const TIMED_OUT = Symbol('timed out');

function timeout(ms: number): { promise: Promise<typeof TIMED_OUT>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export function createSentenceInterpreter(
  options: LanguageModelOptions,
  log?: Logger,
  /** Tests only: the authority of a loopback endpoint's own certificate (Azure is https only). */
  test: { ca?: string } = {},
): SentenceInterpreter {
  // The race below decides; the client's own timeout, a little later, ends the request itself.
  const clientOptions = {
    timeout: options.timeoutMs + 1_000,
    maxRetries: 0,
    ...(test.ca ? { httpAgent: new https.Agent({ ca: test.ca }) } : {}),
  };
  const model =
    options.kind === 'azure'
      ? new OpenAIModel({
          azureApiKey: options.apiKey,
          azureDefaultDeployment: options.deployment,
          azureEndpoint: options.endpoint,
          // teams-ai's default (2023-05-15) predates tools.
          azureApiVersion: options.apiVersion ?? AZURE_API_VERSION,
          useSystemMessages: true,
          maxRetries: 0,
          clientOptions,
        })
      : new OpenAIModel({
          apiKey: options.apiKey,
          defaultModel: options.model,
          endpoint: options.endpoint,
          useSystemMessages: true,
          maxRetries: 0,
          clientOptions,
        });
  const prompts = new PromptManager({ promptsFolder: PROMPTS_FOLDER });
  const actions = intentActions();
  const planner = new ActionPlanner<TurnState>({
    model,
    prompts,
    // The prompt's tools are the grammar's requests, so that the two never drift apart.
    defaultPrompt: async (): Promise<PromptTemplate> => {
      const template = await prompts.getPrompt(PROMPT);
      template.actions = actions;
      return template;
    },
    max_repair_attempts: 0,
  });
  const ai = new AI<TurnState>({ planner });
  const adapter = new NoSendAdapter();

  const ask = async (sentence: string): Promise<InterpretedSentence | null> => {
    // Everything the planner sees: the sentence, under ids that name no one.
    const activity: Partial<Activity> = {
      type: 'message',
      text: sentence,
      channelId: 'sentence',
      recipient: { id: 'bot', name: '' },
      from: { id: 'person', name: '' },
      conversation: { id: 'sentence', name: '', isGroup: false, conversationType: 'personal' },
    };
    const context = new TurnContext(adapter, activity);
    const state = new TurnState();
    await state.load(context); // no storage: nothing is read nor kept
    state.temp.input = sentence;
    const plan = await planner.beginTask(context, state, ai);
    const first = plan.commands.find((c): c is PredictedDoCommand => c.type === 'DO');
    return first ? interpretation(first) : null;
  };

  return {
    async interpret(sentence) {
      const limit = timeout(options.timeoutMs);
      try {
        const answer = await Promise.race([ask(sentence), limit.promise]);
        if (answer !== TIMED_OUT) return answer;
        log?.error('language model timed out: the grammar’s answer stands', { timeoutMs: options.timeoutMs });
        return null;
      } catch (e) {
        // The error, never the sentence.
        log?.error('language model failed: the grammar’s answer stands', { error: String(e).slice(0, 300) });
        return null;
      } finally {
        limit.cancel();
      }
    },
  };
}
