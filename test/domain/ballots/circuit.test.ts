import { addComment, endStage, newCircuit, startNextStage } from '../../../src/domain/ballots/circuit';

const now = new Date('2026-12-01T09:00:00Z');
const circuit = () =>
  newCircuit(
    {
      id: 'c1',
      centraleId: 'c',
      subjectKind: 'programme',
      subject: 'Programmation 2027',
      links: [],
      ownerKey: 'o',
      voteDays: 7,
      serviceUrl: null,
      timeZone: 'Europe/Paris',
      stages: [
        { instanceId: 'copil', instanceName: 'COPIL RReT', kind: 'avis' },
        { instanceId: 'dg', instanceName: 'Comité de DG', kind: 'vote' },
        { instanceId: 'cp', instanceName: 'Comité de pilotage', kind: 'vote' },
      ],
    },
    now,
  );

describe('a validation circuit', () => {
  it('runs its stages in order, each after the previous ended favourably', () => {
    let { circuit: c, started } = startNextStage(circuit(), now);
    expect(started).toBe(0);
    expect(startNextStage(c, now).started).toBeNull(); // one stage at a time
    c = endStage(c, { index: 0, favourable: true, outcome: 'Avis favorable' }, now);
    ({ circuit: c, started } = startNextStage(c, now));
    expect(started).toBe(1);
    c = endStage(c, { index: 1, favourable: true, outcome: 'Adopté' }, now);
    c = endStage(startNextStage(c, now).circuit, { index: 2, favourable: true, outcome: 'Adopté' }, now);
    expect(c.status).toBe('valide');
  });

  it('stops at a rejection: later stages never open', () => {
    let c = startNextStage(circuit(), now).circuit;
    c = endStage(c, { index: 0, favourable: true, outcome: 'ok' }, now);
    c = startNextStage(c, now).circuit;
    c = endStage(c, { index: 1, favourable: false, outcome: 'Rejeté — motifs : calendrier irréaliste' }, now);
    expect(c.status).toBe('rejete');
    expect(c.stages.map((s) => s.status)).toEqual(['favorable', 'defavorable', 'interrompue']);
    expect(startNextStage(c, now).started).toBeNull();
    expect(() => endStage(c, { index: 1, favourable: true, outcome: 'again' }, now)).toThrow(/n’est pas en cours/);
  });

  it('takes comments only on a running avis stage', () => {
    const c = startNextStage(circuit(), now).circuit;
    expect(addComment(c, { index: 0, by: 'm', text: ' Ajouter le lot fournitures ' }, now).stages[0]!.comments).toEqual(
      [{ by: 'm', at: now.toISOString(), text: 'Ajouter le lot fournitures' }],
    );
    expect(() => addComment(c, { index: 1, by: 'm', text: 'x' }, now)).toThrow(/ne reçoit plus/);
    expect(() => addComment(c, { index: 0, by: 'm', text: '  ' }, now)).toThrow(/Écrivez votre commentaire/);
  });

  it('keeps one comment when the same person sends the same text again; another text is another comment', () => {
    const c = startNextStage(circuit(), now).circuit;
    const once = addComment(c, { index: 0, by: 'm', text: 'Lot voirie' }, now);
    expect(addComment(once, { index: 0, by: 'm', text: ' Lot voirie ' }, now)).toBe(once);
    expect(addComment(once, { index: 0, by: 'n', text: 'Lot voirie' }, now).stages[0]!.comments).toHaveLength(2);
    expect(addComment(once, { index: 0, by: 'm', text: 'Lot éclairage' }, now).stages[0]!.comments).toHaveLength(2);
  });
});
