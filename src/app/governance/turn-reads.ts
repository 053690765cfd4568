import { GovernanceRepository } from '../ports';

/**
 * The governance as one turn reads it: each read (the centrale, its instances, members and
 * people) made once and shared by every step of the turn — identifying the person, the use case,
 * the card — instead of two or three times (issue 18: the people of a centrale were read three
 * times per answer). Any write forgets what was read, and `end()` makes it read through again,
 * so work that outlives the turn never sees its reads.
 */
export function turnReads(inner: GovernanceRepository): GovernanceRepository & { end(): void } {
  let memo: Map<string, Promise<unknown>> | null = new Map();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!memo) return read();
    const known = memo.get(key) as Promise<T> | undefined;
    if (known) return known;
    const reading = read();
    memo.set(key, reading);
    // A failed read is not kept: the next step reads again.
    reading.catch(() => memo?.delete(key));
    return reading;
  };
  const writes =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      memo?.clear();
      return write(...args).finally(() => memo?.clear());
    };
  return {
    getCentrale: (c) => once(`centrale:${c}`, () => inner.getCentrale(c)),
    listInstances: (c) => once(`instances:${c}`, () => inner.listInstances(c)),
    getInstance: (c, i) => once(`instance:${c}:${i}`, () => inner.getInstance(c, i)),
    listMembers: (c) => once(`members:${c}`, () => inner.listMembers(c)),
    getPerson: (c, p) => once(`person:${c}:${p}`, () => inner.getPerson(c, p)),
    listPeople: (c) => once(`people:${c}`, () => inner.listPeople(c)),
    createCentraleIfAbsent: writes((c) => inner.createCentraleIfAbsent(c)),
    createInstanceIfAbsent: writes((i) => inner.createInstanceIfAbsent(i)),
    updateInstance: writes((c, i, change) => inner.updateInstance(c, i, change)),
    createMemberIfAbsent: writes((m) => inner.createMemberIfAbsent(m)),
    upsertPerson: writes((p, change) => inner.upsertPerson(p, change)),
    end: () => {
      memo = null;
    },
  };
}
