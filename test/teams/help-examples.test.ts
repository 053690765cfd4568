import { understand } from '../../src/domain/language/understand';
import { COMMAND_HELP } from '../../src/teams/governance/help';

const context = { now: new Date('2026-12-02T10:00:00Z'), timeZone: 'Europe/Paris', instances: [], contracts: [] };

describe('the sentences the help suggests', () => {
  const withExample = COMMAND_HELP.filter((c) => c.example);

  it('suggests several', () => expect(withExample.length).toBeGreaterThanOrEqual(8));

  it.each(withExample.map((c) => [c.example!, c.command]))('« %s » asks what « %s » does', (example, command) => {
    const asked = understand(example, context);
    expect(asked.intent).not.toBeNull();
    expect(asked.intent).toBe(understand(command, context).intent);
  });

  it('every command of the help is understood as typed', () => {
    for (const { command } of COMMAND_HELP) expect(understand(command, context).intent).not.toBeNull();
  });
});
