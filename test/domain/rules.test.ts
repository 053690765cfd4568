import { Answer, forecastQuorum } from '../../src/domain/meetings/attendance';
import {
  RULE_PRESETS,
  RULE_PRESET_NAMES,
  RULE_PRESET_SOURCES,
  RulePreset,
  describeRules,
  quorumThreshold,
  rulesFromPreset,
} from '../../src/domain/rules';

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

  it('count the quorum on members physically present (CGCT L2121-17), across rooms (L5211-11-1), or present, remote or represented (CRPA R133-10)', () => {
    const answers = (choices: string[]) =>
      choices.map((choice, n) => ({
        personKey: `m${n}`,
        choice,
        proxyHolderKey: choice === 'pouvoir' ? 'm0' : null,
        answeredAt: '',
      })) as Answer[];
    const members = ['m0', 'm1', 'm2', 'm3', 'm4'];
    const attendance = answers(['present', 'distance', 'distance', 'pouvoir', 'absent']);
    const counted = (preset: RulePreset) => forecastQuorum(rulesFromPreset(preset).quorum, members, attendance).counted;
    expect(counted('cgct-3500-et-plus')).toBe(1);
    expect(counted('epci-seance-a-distance')).toBe(3);
    expect(counted('commission-consultative')).toBe(4);
    expect(counted('groupe-de-travail')).toBe(3); // no quorum: the count is only shown
  });

  it('name the source of each of their rules, or say it is practice', () => {
    for (const preset of RULE_PRESET_NAMES) {
      const sources = RULE_PRESET_SOURCES[preset];
      for (const text of Object.values(sources))
        expect(text).toMatch(/CGCT|CRPA|pratique|ordonnance|décret|pas de séance/);
    }
  });

  it('describe themselves in French', () => {
    expect(describeRules(rulesFromPreset('cgct-3500-et-plus'))).toBe(
      'Convocation 5 jours francs avant · quorum : majorité des membres en exercice physiquement présents · un pouvoir au plus par membre',
    );
    expect(describeRules(rulesFromPreset('groupe-de-travail'))).toBe(
      'Convocation 2 jours francs avant · sans quorum · pas de pouvoir',
    );
  });
});
