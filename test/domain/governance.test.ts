import { fromSeed, governanceSeedSchema } from '../../src/app/governance/governance-seed';
import { DomainError } from '../../src/domain/errors';
import {
  Instance,
  findInstance,
  newOperationalCommittee,
  referentMemberOf,
  withMembers,
} from '../../src/domain/governance';
import { authorize, can } from '../../src/domain/permissions';
import seedJson from '../../data/governance/metropole-de-lyon.json';

const seed = governanceSeedSchema.parse(seedJson);
const { centrale, instances } = fromSeed(seed);
const copil = instances.find((i) => i.id === 'copil-reseau')!;
const person = (roles: string[], key = 't:p') => ({
  key,
  centraleId: centrale.id,
  tenantId: 't',
  aadObjectId: 'p',
  teamsUserId: null,
  displayName: 'P',
  email: null,
  roles: roles as never,
  memberId: null,
});

describe('the seed governance map', () => {
  it('has the eight standing instances of the seed table, with their tiers', () => {
    expect(instances.map((i) => `${i.tier}:${i.id}`)).toEqual([
      'politique:comite-de-pilotage',
      'politique:conference-des-maires',
      'technique:comite-methodes',
      'technique:copil-reseau',
      'technique:information-directions-operationnelles',
      'technique:comite-de-dg',
      'technique:reseau-commande-publique-achats',
      'technique:comite-projet-directrices-ressources',
    ]);
  });

  it('writes the network label the centrale chose, never a hard-coded one', () => {
    const other = fromSeed({ ...seed, centrale: { ...seed.centrale, networkLabel: 'Réseau Achats' } });
    expect(other.instances.find((i) => i.id === 'copil-reseau')!.name).toBe('COPIL Réseau Achats');
    expect(copil.name).toBe('COPIL RReT');
    expect(JSON.stringify(other)).not.toContain('{réseau}');
  });

  it('leaves frequency to configuration where the seed is silent', () => {
    expect(instances.find((i) => i.id === 'comite-de-pilotage')!.frequency).toBeNull();
  });
});

describe('instances', () => {
  it('creates a Comité Opérationnel per purchasing file from the centrale template', () => {
    const oc = newOperationalCommittee(centrale, { id: 'dossier-42', title: 'Fournitures de bureau' });
    expect(oc).toMatchObject({
      id: 'comite-operationnel-dossier-42',
      tier: 'operationnel',
      purchaseFileId: 'dossier-42',
      name: 'Comité opérationnel — Fournitures de bureau',
    });
    expect(oc.objectives).toContain(
      'Actions correctives : traitement des litiges, insatisfactions, dysfonctionnements',
    );
  });

  it('refuses an organiser who is not a member', () => {
    expect(() => withMembers(copil, ['a'], ['b'])).toThrow(DomainError);
  });

  it('keeps each member once', () => {
    expect(withMembers(copil, ['a', 'b', 'a'], ['a']).members).toEqual([
      { personKey: 'a', organiser: true },
      { personKey: 'b', organiser: false },
    ]);
  });

  it('finds an instance by what people type, accents and case aside', () => {
    expect(findInstance(instances, 'copil rret')?.id).toBe('copil-reseau');
    expect(findInstance(instances, 'Comité de DG')?.id).toBe('comite-de-dg');
    expect(findInstance(instances, 'comite methodes')?.id).toBe('comite-methodes');
    expect(findInstance(instances, 'xy')).toBeUndefined();
  });
});

describe('permissions', () => {
  it('lets only administrators link channels and give roles', () => {
    expect(can(person(['administrateur']), 'channel.link')).toBe(true);
    expect(can(person(['coordinateur']), 'channel.link')).toBe(false);
    expect(can(person(['coordinateur']), 'person.roles.set')).toBe(false);
  });

  it('lets an organiser of the instance compose it, not a member of another', () => {
    const organised: Instance = withMembers(copil, ['t:p'], ['t:p']);
    expect(can(person([]), 'instance.members.set', { instance: organised })).toBe(true);
    expect(can(person([], 't:q'), 'instance.members.set', { instance: organised })).toBe(false);
  });

  it('says in French why someone may not act, and tells the unregistered to ask', () => {
    expect(() => authorize(person(['referent']), 'channel.link')).toThrow(
      'Seul un administrateur de la centrale peut lier un canal à une instance.',
    );
    expect(() => authorize(null, 'governance.view')).toThrow(/pas encore enregistré/);
  });
});

describe('who speaks for an adhérent', () => {
  it('is a référent attached to it: the commune alone (an élu) or the role alone is not enough', () => {
    expect(referentMemberOf({ roles: ['referent'], memberId: 'bron' })).toBe('bron');
    expect(referentMemberOf({ roles: ['elu'], memberId: 'bron' })).toBeNull();
    expect(referentMemberOf({ roles: ['referent'], memberId: null })).toBeNull();
  });
});
