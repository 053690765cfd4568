import { governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { identifyActor } from '../../src/app/identify-actor';
import { loadDemo, demoSchema } from '../../src/app/governance/load-demo';
import { loadGovernance } from '../../src/app/governance/load-governance';
import { saveNeedFromCard } from '../../src/app/needs/card-steps';
import { openCampaign } from '../../src/app/needs/campaigns';
import { NeedsPresenter } from '../../src/app/needs/ports';
import { currentCampaignView } from '../../src/app/needs/queries';
import { Presenters } from '../../src/app/presenters';
import { addDays, formatLocalDate, localDateOf } from '../../src/domain/meetings/zoned-time';
import { Campaign } from '../../src/domain/needs/need';
import { Store, openStore } from '../../src/store/open-store';
import seedJson from '../../data/governance/metropole-de-lyon.json';
import demoJson from '../../data/demo/demo.json';

/**
 * The needs use cases give their presenter what it shows (member names, not ids) and ask for the
 * channel's progress to be refreshed only when an answer changed; the query of « besoins »
 * decides whose view a person gets.
 */
let store: Store;
const clock = { now: () => new Date('2026-12-01T09:00:00Z') };
const today = localDateOf(clock.now(), 'Europe/Paris');
const invited: string[] = [];
const refreshed: string[] = [];
const presenter: NeedsPresenter = {
  invitation: (c, memberName) => (invited.push(memberName), { text: `${c.title} — ${memberName}` }),
  progress: (c) => ({ text: `progress ${c.id}` }),
  needNotice: (c, n) => ({ text: `${c.id} ${n.id}` }),
  refreshShared: (cardId) => void refreshed.push(cardId),
};
const deps = () => ({ ...store, clock, presenters: { needs: presenter } as unknown as Presenters });
const actor = (aadObjectId: string) =>
  identifyActor(store, { tenantId: demoJson.tenantId, aadObjectId, displayName: aadObjectId });
const person = (name: string) => demoJson.people.find((p) => p.displayName === name)!.aadObjectId;
let campaign: Campaign;

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', databaseId: 'needs', snapshotFile: null });
  await loadGovernance(store, governanceSeedSchema.parse(seedJson), []);
  await loadDemo({ ...store, clock }, demoSchema.parse(demoJson));
  campaign = await openCampaign(deps(), await actor(person('Sophie Bernard')), {
    title: 'Besoins 2027',
    segments: ['Fournitures de bureau'],
    targetMemberIds: ['villeurbanne', 'bron'],
    deadline: formatLocalDate(addDays(today, 10)),
    instructions: '',
    channelInstanceId: null,
    serviceUrl: null,
    today,
  });
});
afterAll(() => store.close());

describe('needs use cases and their presenter', () => {
  it('invites each target member by name, read by the use case', () => {
    expect(invited.sort()).toEqual(['Ville de Bron', 'Ville de Villeurbanne']);
  });

  it('refreshes the progress card after a saved need, not after a refused one', async () => {
    const amina = await actor(person('Amina Haddad'));
    const draft = {
      segment: 'Informatique',
      description: 'Papier',
      quantity: '',
      unit: '',
      annual: '',
      total: '',
      wishedStart: '',
      duration: '',
      currentContractEnd: '',
      currentSupplier: '',
      currentPrice: '',
      constraints: '',
      clauses: '',
      commitment: '',
    };
    const refused = await saveNeedFromCard(deps(), amina, {
      campaignId: campaign.id,
      needId: null,
      draft,
      submit: false,
      today,
    });
    expect(refused.ok).toBe(false);
    expect(refreshed).toEqual([]);
    const saved = await saveNeedFromCard(deps(), amina, {
      campaignId: campaign.id,
      needId: null,
      draft: { ...draft, segment: 'Fournitures de bureau' },
      submit: false,
      today,
    });
    expect(saved.ok && saved.view.memberName).toBe('Ville de Villeurbanne');
    expect(saved.ok && saved.view.needs.map((n) => n.status)).toEqual(['brouillon']);
    expect(refreshed).toEqual([`campagne-${campaign.id}`]);
  });

  it('« besoins »: the member’s view for a référent, the coordination’s for a coordinator, refused to others', async () => {
    expect((await currentCampaignView({ ...store, clock }, await actor(person('Amina Haddad')))).kind).toBe('member');
    expect((await currentCampaignView({ ...store, clock }, await actor(person('Sophie Bernard')))).kind).toBe('follow');
    await expect(currentCampaignView({ ...store, clock }, await actor(person('Luc Moreau')))).rejects.toThrow(
      'Seuls les coordinateurs',
    );
  });
});
