import { Centrale, Instance, Member, Person } from '../domain/governance';
import { DirectoryRepository, GovernanceRepository } from '../app/ports';
import { CosmosHandle } from './cosmos-client';
import { DocTable } from './doc-table';
import { centraleSchema, instanceSchema, memberSchema, personSchema } from './schemas';

/** Container `centrales`, partition = centrale id; ids are prefixed by document type. */
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
  ) {
    const c = cosmos.container('centrales');
    this.centrales = new DocTable(c, 'centrale', centraleSchema);
    this.instances = new DocTable(c, 'instance', instanceSchema);
    this.members = new DocTable(c, 'member', memberSchema);
    this.people = new DocTable(c, 'person', personSchema);
  }

  getCentrale(centraleId: string) {
    return this.centrales.get(centraleId, 'centrale');
  }

  createCentraleIfAbsent(centrale: Centrale) {
    return this.centrales.createIfAbsent(centrale.id, 'centrale', centrale);
  }

  async listInstances(centraleId: string) {
    const all = await this.instances.inPartition(centraleId);
    return all.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }

  getInstance(centraleId: string, instanceId: string) {
    return this.instances.get(centraleId, `instance:${instanceId}`);
  }

  createInstanceIfAbsent(instance: Instance) {
    return this.instances.createIfAbsent(instance.centraleId, `instance:${instance.id}`, instance);
  }

  updateInstance(centraleId: string, instanceId: string, change: (i: Instance) => Instance) {
    return this.instances.update(centraleId, `instance:${instanceId}`, change);
  }

  async listMembers(centraleId: string) {
    const all = await this.members.inPartition(centraleId);
    return all.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }

  createMemberIfAbsent(member: Member) {
    return this.members.createIfAbsent(member.centraleId, `member:${member.id}`, member);
  }

  getPerson(centraleId: string, personKey: string) {
    return this.people.get(centraleId, `person:${personKey}`);
  }

  async listPeople(centraleId: string) {
    const all = await this.people.inPartition(centraleId);
    return all.sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
  }

  async upsertPerson(person: Person, change: (existing: Person) => Person = () => person) {
    // The index first: an index entry without its person is harmless (the person reads as
    // unregistered), a person without its index entry would be locked out.
    await this.directory.addPersonCentrale(person.key, person.centraleId);
    return this.people.update(person.centraleId, `person:${person.key}`, change, () => person);
  }
}
