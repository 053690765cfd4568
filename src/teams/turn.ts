import { Actor } from '../app/identify-actor';
import { SentenceInterpreter } from '../app/language/understand-sentence';
import { AppDeps } from '../app/ports';
import { SignedLinks } from '../app/files/signed-links';
import { CardJson } from './card-renderer';
import { CardRefresher } from './card-refresher';
import { Logger } from '../logger';

export type Scope = 'personal' | 'channel' | 'groupChat';

export type { Logger } from '../logger';

export interface BotDeps extends AppDeps {
  log: Logger;
  /** Signed links to the files the bot serves (calendar, exports). */
  links: SignedLinks;
  /** Coalesces refreshes of shared cards (tallies) in this process. */
  refresher: CardRefresher;
  /** False until the database has been reached and prepared (a start while it was down). */
  storageReady(): boolean;
  /** A language model for the sentences the grammar does not understand (off unless configured). */
  interpreter?: SentenceInterpreter;
}

/** A member of the team or group chat the turn comes from, as Teams lists them. */
export interface RosterMember {
  teamsUserId: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
}

/**
 * What every handler gets: who acts, where, and the few things it may ask of Teams. Routes see
 * only this, never the framework's turn context, so that a change of Teams SDK rewrites
 * `src/teams/framework/` alone.
 */
export interface Turn {
  deps: BotDeps;
  actor: Actor;
  scope: Scope;
  conversationId: string;
  /** Channel name where Teams gives it, else a readable label for the conversation. */
  conversationName: string;
  /** This turn's id in the logs, shown to the person as « Référence … » when it fails. */
  correlationId: string;
  /** The Bot Connector this turn came through (where proactive notices are sent). */
  serviceUrl: string | null;
  /** The conversation's tenant, as Teams gives it. */
  tenantId: string | null;
  /** Sends a card as a new message in this conversation. */
  reply(card: CardJson): Promise<void>;
  /** The members of this team or group chat (empty in a personal chat). */
  roster(): Promise<RosterMember[]>;
  /** The address to post to later (opaque): in a channel, the channel itself, not the thread. */
  reference(): unknown;
  /** « Équipe › Canal » as Teams names it (falls back to `conversationName`). */
  channelDisplayName(): Promise<string>;
}
