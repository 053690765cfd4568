import { Centrale, Instance, Member, Person } from '../domain/governance';
import { DirectoryRepository, GovernanceRepository } from '../app/ports';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';
import { ReferenceCache } from './reference-cache';
import { centraleSchema, instanceSchema, memberSchema, personSchema } from './schemas';

/**
 * Container `centrales`, partition = centrale id; ids are prefixed by document type. Reads are
 * kept in `cache` (shared with the directory: reference-cache.ts says for how long), and every
 * write forgets them.
 */
export class CosmosGovernanceRepository implements GovernanceRepository {
  private readonly centrales: DocTable<Centrale>;
  private readonly instances: DocTable<Instance>;
  private readonly members: DocTable<Member>;
  private readonly people: DocTable<Person>;

  constructor(
    cosmos: CosmosHandle,
    private readonly directory: DirectoryRepository & {
      addPersonCentrale(key: string, centraleId: string): Promise<void>;
    },
    private readonly cache = new ReferenceCache(),
  ) {
    const c = cosmos.container('centrales');
    this.centrales = new DocTable(c, 'centrale', centraleSchema);
    this.instances = new DocTable(c, 'instance', instanceSchema);
    this.members = new DocTable(c, 'member', memberSchema);
    this.people = new DocTable(c, 'person', personSchema);
  }

  getCentrale(centraleId: string): Promise<Centrale | null> {
    return this.cache.read(`centrale:${centraleId}`, () => this.centrales.get(centraleId, 'centrale'));
  }

  createCentraleIfAbsent(centrale: Centrale) {
    return this.cache.writing(() => this.centrales.createIfAbsent(centrale.id, 'centrale', centrale));
  }

  listInstances(centraleId: string): Promise<Instance[]> {
    return this.cache.read(`instances:${centraleId}`, async () => {
      const all = await this.instances.inPartition(centraleId);
      return all.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    });
  }

  getInstance(centraleId: string, instanceId: string): Promise<Instance | null> {
    return this.cache.read(`instance:${centraleId}:${instanceId}`, () =>
      this.instances.get(centraleId, `instance:${instanceId}`),
    );
  }

  createInstanceIfAbsent(instance: Instance) {
    return this.cache.writing(() =>
      this.instances.createIfAbsent(instance.centraleId, `instance:${instance.id}`, instance),
    );
  }

  updateInstance(centraleId: string, instanceId: string, change: (i: Instance) => Instance) {
    return this.cache.writing(() => this.instances.update(centraleId, `instance:${instanceId}`, change));
  }

  listMembers(centraleId: string): Promise<Member[]> {
    return this.cache.read(`members:${centraleId}`, async () => {
      const all = await this.members.inPartition(centraleId);
      return all.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    });
  }

  createMemberIfAbsent(member: Member) {
    return this.cache.writing(() => this.members.createIfAbsent(member.centraleId, `member:${member.id}`, member));
  }

  getPerson(centraleId: string, personKey: string): Promise<Person | null> {
    return this.cache.read(`person:${centraleId}:${personKey}`, () =>
      this.people.get(centraleId, `person:${personKey}`),
    );
  }

  listPeople(centraleId: string): Promise<Person[]> {
    return this.cache.read(`people:${centraleId}`, async () => {
      const all = await this.people.inPartition(centraleId);
      return all.sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
    });
  }

  upsertPerson(person: Person, change: (existing: Person) => Person = () => person) {
    return this.cache.writing(async () => {
      // The index first: an index entry without its person is harmless (the person reads as
      // unregistered), a person without its index entry would be locked out.
      await this.directory.addPersonCentrale(person.key, person.centraleId);
      return this.people.update(person.centraleId, `person:${person.key}`, change, () => person);
    });
  }
}
