import {
  addComment,
  endStage,
  newCircuit,
  relaunchStage,
  relaunchTerms,
  startNextStage,
  stopCircuit,
} from '../../../src/domain/ballots/circuit';
import { rulesFromPreset } from '../../../src/domain/rules';

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

  it('waits for its owner at a rejection: stopped, later stages never open', () => {
    let c = startNextStage(circuit(), now).circuit;
    c = endStage(c, { index: 0, favourable: true, outcome: 'ok' }, now);
    c = startNextStage(c, now).circuit;
    c = endStage(c, { index: 1, favourable: false, outcome: 'Rejeté — motifs : calendrier irréaliste' }, now);
    expect(c.status).toBe('suspendu');
    expect(c.stages.map((s) => s.status)).toEqual(['favorable', 'defavorable', 'a-venir']);
    expect(startNextStage(c, now).started).toBeNull();
    expect(() => endStage(c, { index: 1, favourable: true, outcome: 'again' }, now)).toThrow(/n’est pas en cours/);
    const stopped = stopCircuit(c);
    expect(stopped.circuit.status).toBe('rejete');
    expect(stopped.circuit.stages.map((s) => s.status)).toEqual(['favorable', 'defavorable', 'interrompue']);
    expect(stopCircuit(stopped.circuit)).toEqual({ circuit: stopped.circuit, stopped: false });
    expect(() => relaunchStage(stopped.circuit, { index: 1, attempt: 2, ballotId: 'b2', rule: '' }, now)).toThrow(
      /n’attend pas de relance/,
    );
  });

  it('tells a missed quorum from a rejection; a relaunch keeps the earlier run, and happens once', () => {
    let c = startNextStage(circuit(), now).circuit;
    c = endStage(c, { index: 0, favourable: true, outcome: 'ok' }, now);
    c = startNextStage(c, now).circuit;
    c = endStage(c, { index: 1, favourable: false, quorumMissed: true, outcome: 'Quorum non atteint' }, now);
    expect(c.status).toBe('suspendu');
    expect(c.stages[1]!.status).toBe('sans-quorum');
    // Not the stage it waits on, or a run the card could not have offered: refused.
    expect(() => relaunchStage(c, { index: 2, attempt: 2, ballotId: 'x', rule: '' }, now)).toThrow(/n’attend pas/);
    expect(() => relaunchStage(c, { index: 1, attempt: 3, ballotId: 'x', rule: '' }, now)).toThrow(/n’attend pas/);
    const later = new Date(now.getTime() + 3_600_000);
    const once = relaunchStage(c, { index: 1, attempt: 2, ballotId: 'b2', rule: 'sans quorum' }, later);
    expect(once.relaunched).toBe(true);
    expect(once.circuit.status).toBe('en-cours');
    expect(once.circuit.stages[1]).toMatchObject({
      status: 'en-cours',
      ballotId: 'b2',
      startedAt: later.toISOString(),
      rule: 'sans quorum',
      attempts: [{ status: 'sans-quorum', outcome: 'Quorum non atteint', ballotId: null }],
    });
    // The same press again (a double click): nothing changes.
    expect(relaunchStage(once.circuit, { index: 1, attempt: 2, ballotId: 'b3', rule: '' }, later)).toEqual({
      circuit: once.circuit,
      relaunched: false,
    });
    expect(
      stopCircuit(endStage(once.circuit, { index: 1, favourable: false, quorumMissed: true, outcome: 'q' }, later))
        .circuit.status,
    ).toBe('arrete');
  });

  it('relaunches a ballot without quorum under the second-convocation rule of the instance', () => {
    const ended = '2026-12-01T08:00:00.000Z';
    const stage = {
      ...circuit().stages[1]!,
      status: 'sans-quorum' as const,
      endedAt: ended,
    };
    const cgct = relaunchTerms(stage, rulesFromPreset('cgct-3500-et-plus').quorum, 'Europe/Paris', now);
    expect(cgct.quorum).toEqual({ kind: 'aucun' });
    expect(cgct.opensAt?.toISOString()).toBe('2026-12-04T08:00:00.000Z');
    expect(cgct.offer).toContain('sans condition de quorum (CGCT L2121-17)');
    expect(cgct.offer).toContain('ouverture le vendredi 4 décembre 2026 à 9 h au plus tôt');
    // Three days after, it opens at once.
    expect(
      relaunchTerms(
        stage,
        rulesFromPreset('cgct-3500-et-plus').quorum,
        'Europe/Paris',
        new Date('2026-12-05T00:00:00Z'),
      ).opensAt,
    ).toBeNull();
    const crpa = relaunchTerms(stage, rulesFromPreset('commission-consultative').quorum, 'Europe/Paris', now);
    expect(crpa).toMatchObject({ quorum: { kind: 'aucun' }, opensAt: null });
    expect(crpa.offer).toContain('(CRPA R133-10)');
    // An unfavourable vote is held again under the same quorum.
    const quorum = rulesFromPreset('cgct-3500-et-plus').quorum;
    const again = relaunchTerms({ ...stage, status: 'defavorable' }, quorum, 'Europe/Paris', now);
    expect(again).toMatchObject({ quorum, opensAt: null });
    expect(again.offer).toContain('avec le même quorum (majorité des membres en exercice physiquement présents)');
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
