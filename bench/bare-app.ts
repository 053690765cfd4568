import { MemoryStorage } from 'botbuilder';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import restify from 'restify';
import { AddressInfo } from 'net';

/** The framework floor: restify + teams-ai answering a fixed card, no storage of ours, no logic. */
const CARD = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Bonjour' }] };

export async function startBareApp(): Promise<{ port: number; stop(): Promise<void> }> {
  const adapter = new TeamsAdapter({});
  const app = new Application<TurnState>({ adapter, storage: new MemoryStorage(), startTypingTimer: false });
  app.message(
    async () => true,
    async (context) => {
      await context.sendActivity({
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: CARD }],
      });
    },
  );
  app.adaptiveCards.actionExecute(
    async () => true,
    async () => CARD as never,
  );
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => void (await app.run(context)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
