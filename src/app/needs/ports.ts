import { Campaign, Need } from '../../domain/needs/need';
import { Programme } from '../../domain/needs/programme';

/** A member's answer to a campaign: « néant » is an explicit answer; needs are one document each. */
export interface MemberAnswer {
  memberId: string;
  nothing: boolean;
  by: string;
  at: string;
  /** How it came, when not from Teams: 'lien-email', the page behind the e-mail's link. */
  via?: 'lien-email';
}

export interface NeedsRepository {
  createCampaign(c: Campaign): Promise<boolean>;
  getCampaign(id: string): Promise<Campaign | null>;
  /** Read-modify-write under the etag; `change` may throw (nothing written). */
  updateCampaign(id: string, change: (c: Campaign) => Campaign): Promise<Campaign>;
  listCampaigns(centraleId: string): Promise<Campaign[]>;
  createNeed(n: Need): Promise<boolean>;
  getNeed(campaignId: string, needId: string): Promise<Need | null>;
  /** Read-modify-write under the etag; `change` may throw (nothing written). */
  updateNeed(campaignId: string, needId: string, change: (n: Need) => Need): Promise<Need>;
  needs(campaignId: string): Promise<Need[]>;
  /** One member's needs and answer (never the other members'): what their card shows. */
  memberPart(campaignId: string, memberId: string): Promise<{ needs: Need[]; answer: MemberAnswer | null }>;
  setAnswer(campaignId: string, a: MemberAnswer): Promise<void>;
  answers(campaignId: string): Promise<MemberAnswer[]>;
  getProgramme(campaignId: string): Promise<Programme | null>;
  saveProgramme(p: Programme): Promise<void>;
  updateProgramme(campaignId: string, change: (p: Programme) => Programme): Promise<Programme>;
}

/**
 * The cards of a campaign, built by the Teams layer (opaque activities here). Names come from
 * the use case, which reads them: the presenter reads nothing.
 */
export interface NeedsPresenter {
  /** To a member's référents: the campaign, what to do, their buttons. */
  invitation(c: Campaign, memberName: string, banner?: string): Record<string, unknown>;
  /** The channel's progress card. */
  progress(c: Campaign, needs: Need[], answers: MemberAnswer[]): Record<string, unknown>;
  /** To the member: the coordination asks for details (answer on the card), or rejected a need. */
  needNotice(c: Campaign, n: Need): Record<string, unknown>;
  /**
   * Runs `refresh` of a shared card (the channel's progress) coalesced with the other requests
   * for the same card in this process, off the turn: many answers at once cost a few updates.
   */
  refreshShared(cardId: string, refresh: () => Promise<void>): void;
}

/** Which of a campaign's notices an e-mail carries. */
export type CampaignMailKind = 'invitation' | 'reminder';

export interface CampaignMailContext {
  centraleName: string;
  /**
   * Whether the référents of this e-mail have Teams: they are then told to open the bot there;
   * else (people outside the centrale's tenants) that the coordinator takes their needs.
   */
  teams: boolean;
  /** Who opened the campaign: named in the e-mail, with their address when known. */
  coordinator: { name: string; email: string | null } | null;
}

/** A campaign's e-mail words (src/mail), for the référents Teams cannot reach or who asked for e-mail. */
export interface NeedsMailPresenter {
  campaignMail(
    kind: CampaignMailKind,
    c: Campaign,
    context: CampaignMailContext,
  ): { subject: string; text: string; html: string };
}
