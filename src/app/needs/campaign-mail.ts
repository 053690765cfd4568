import { Person, personByKey } from '../../domain/governance';
import { Campaign } from '../../domain/needs/need';
import { Addressed } from '../meetings/recipients';
import { MailNotice } from '../delivery/ports';
import { GovernanceRepository } from '../ports';
import { Presenters } from '../presenters';
import { needsLinkExpiry } from './needs-link';
import { CampaignMailKind } from './ports';

/** The notice id of a campaign notice's part for the référents without Teams: it has its own e-mail words. */
export const withoutTeamsNoticeId = (noticeId: string) => `${noticeId}-sans-teams`;

/**
 * A campaign's invitation or reminder as an e-mail, for the référents Teams cannot reach or who
 * asked for e-mail (the same words for everyone of one notice): with Teams, open the bot there;
 * without (`teams: false`), a personal link to the needs form (`besoins`: the campaign and the
 * référent, until the day after the campaign closes). No calendar. Null when no e-mail presenter
 * is wired (no transport).
 */
export async function campaignMailNotice(
  deps: { presenters: Pick<Presenters, 'mail'>; governance: Pick<GovernanceRepository, 'getCentrale'> },
  kind: CampaignMailKind,
  c: Campaign,
  people: Person[],
  teams: boolean,
): Promise<MailNotice | null> {
  const presenter = deps.presenters.mail;
  if (!presenter) return null;
  const centrale = await deps.governance.getCentrale(c.centraleId);
  const opener = personByKey(people)(c.openedBy);
  const words = presenter.campaignMail(kind, c, {
    centraleName: centrale?.name ?? 'Centrale d’achat',
    teams,
    coordinator: opener ? { name: opener.displayName, email: opener.email } : null,
  });
  // Without Teams: each référent's own link to the needs form (the page behind the e-mail's link).
  const link = teams ? null : { kind: 'besoins' as const, id: c.id, expiresAt: needsLinkExpiry(c).toISOString() };
  return { ...words, calendar: null, link };
}

/** A person recipient without a Teams account (people outside the centrale's tenants). */
export const withoutTeams = (a: Addressed) => a.recipient.kind === 'person' && !a.recipient.teamsUserId;
