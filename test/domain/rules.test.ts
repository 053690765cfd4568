import { RULE_PRESETS, describeRules, quorumThreshold, rulesFromPreset } from '../../src/domain/rules';

describe('quorum thresholds', () => {
  it('needs more than half of the members in office for a majority (CGCT L2121-17)', () => {
    expect(quorumThreshold({ kind: 'majorite-des-membres', countsRepresented: false }, 10)).toBe(6);
    expect(quorumThreshold({ kind: 'majorite-des-membres', countsRepresented: false }, 11)).toBe(6);
    expect(quorumThreshold({ kind: 'majorite-des-membres', countsRepresented: false }, 1)).toBe(1);
  });

  it('needs at least half of the members for a consultative commission (CRPA R133-10)', () => {
    expect(quorumThreshold({ kind: 'moitie-des-membres', countsRepresented: true }, 10)).toBe(5);
    expect(quorumThreshold({ kind: 'moitie-des-membres', countsRepresented: true }, 11)).toBe(6);
  });

  it('needs nobody when the charter sets no quorum', () => {
    expect(quorumThreshold({ kind: 'aucun' }, 60)).toBe(0);
  });
});

describe('rule presets', () => {
  it('give 5 jours francs to communes of 3,500 or more and 3 below', () => {
    expect(RULE_PRESETS['cgct-3500-et-plus'].noticeDays).toBe(5);
    expect(RULE_PRESETS['cgct-moins-de-3500'].noticeDays).toBe(3);
  });

  it('hand out copies, so that changing one instance never changes the preset', () => {
    const rules = rulesFromPreset('commission-consultative');
    rules.proxies.maxPerHolder = 4;
    expect(RULE_PRESETS['commission-consultative'].proxies.maxPerHolder).toBe(1);
  });

  it('describe themselves in French', () => {
    expect(describeRules(rulesFromPreset('cgct-3500-et-plus'))).toBe(
      'Convocation 5 jours francs avant · quorum : majorité des membres en exercice · un pouvoir au plus par membre',
    );
    expect(describeRules(rulesFromPreset('groupe-de-travail'))).toBe(
      'Convocation 2 jours francs avant · sans quorum · pas de pouvoir',
    );
  });
});
