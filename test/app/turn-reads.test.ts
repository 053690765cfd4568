import { turnReads } from '../../src/app/governance/turn-reads';
import { GovernanceRepository } from '../../src/app/ports';

/** A governance that counts its reads; `people` is what listPeople answers. */
function counting() {
  const reads: string[] = [];
  let people = [{ key: 'a' }];
  let fail = false;
  const inner = {
    listPeople: async (c: string) => {
      reads.push(`people:${c}`);
      if (fail) throw new Error('indisponible');
      return people;
    },
    upsertPerson: async (p: { key: string }) => {
      people = [...people, p];
      return p;
    },
  } as unknown as GovernanceRepository;
  return { inner, reads, failNext: (f: boolean) => (fail = f) };
}

describe('the governance as one turn reads it', () => {
  it('reads the people of a centrale once for the whole turn, per centrale', async () => {
    const { inner, reads } = counting();
    const g = turnReads(inner);
    await Promise.all([g.listPeople('lyon'), g.listPeople('lyon'), g.listPeople('lyon')]);
    await g.listPeople('pfra');
    expect(reads).toEqual(['people:lyon', 'people:pfra']);
  });

  it('forgets what it read after a write, so the turn sees its own change', async () => {
    const { inner, reads } = counting();
    const g = turnReads(inner);
    expect(await g.listPeople('lyon')).toHaveLength(1);
    await g.upsertPerson({ key: 'b' } as never);
    expect(await g.listPeople('lyon')).toHaveLength(2);
    expect(reads).toHaveLength(2);
  });

  it('keeps no failed read, and reads through once the turn has ended', async () => {
    const { inner, reads, failNext } = counting();
    const g = turnReads(inner);
    failNext(true);
    await expect(g.listPeople('lyon')).rejects.toThrow('indisponible');
    failNext(false);
    await g.listPeople('lyon');
    g.end();
    await g.listPeople('lyon');
    await g.listPeople('lyon');
    expect(reads).toHaveLength(4);
  });
});
