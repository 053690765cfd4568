import { readFileSync } from 'fs';
import path from 'path';
import { Instance, Person } from '../../src/domain/governance';
import { Action, PERMISSIONS, authorize, can } from '../../src/domain/permissions';
import { Role } from '../../src/domain/roles';

/** The documented table and the code agree; and a hand-written matrix walks every action. */
const person = (key: string, roles: Role[], memberId: string | null = null): Person => ({
  key,
  centraleId: 'c',
  tenantId: 't',
  aadObjectId: key,
  teamsUserId: null,
  displayName: key,
  email: null,
  roles,
  memberId,
});
const instance = {
  id: 'copil',
  members: [
    { personKey: 'orga', organiser: true },
    { personKey: 'membre', organiser: false },
  ],
} as unknown as Instance;

const PEOPLE = {
  admin: person('admin', ['administrateur']),
  coordinateur: person('coord', ['coordinateur']),
  acheteur: person('achats', ['acheteur']),
  organisateur: person('orga', ['elu']),
  membre: person('membre', ['elu']),
  referent: person('ref', ['referent'], 'villeurbanne'),
};
type Profile = keyof typeof PEOPLE;

// Who may do what, written by hand from the product rules (docs/domain.md) and the README, not derived from the code.
const EXPECTED: Record<Action, Profile[]> = {
  'help.view': ['admin', 'coordinateur', 'acheteur', 'organisateur', 'membre', 'referent'],
  'governance.view': ['admin', 'coordinateur', 'acheteur', 'organisateur', 'membre', 'referent'],
  'people.view': ['admin', 'coordinateur'],
  'channel.link': ['admin'],
  'instance.members.set': ['admin', 'organisateur'],
  'instance.announce': ['admin', 'organisateur'],
  'meeting.convene': ['organisateur'],
  'meeting.forecast.view': ['admin', 'organisateur'],
  'ballot.manage': ['organisateur'],
  'circuit.start': ['admin', 'coordinateur', 'acheteur'],
  'campaign.manage': ['admin', 'coordinateur', 'acheteur'],
  'registry.manage': ['admin', 'acheteur'],
  'survey.manage': ['admin', 'organisateur'],
  'bilan.view': ['admin', 'coordinateur', 'acheteur', 'organisateur', 'membre'],
  'delivery.report.view': ['admin', 'membre'],
  'person.roles.set': ['admin'],
  'person.data.manage': ['admin'],
};

describe('the permission table', () => {
  it('is documented in the README, row for row', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const [action, p] of Object.entries(PERMISSIONS)) expect(readme).toContain(`| \`${action}\` | ${p.who} |`);
  });

  it.each(Object.keys(EXPECTED) as Action[])(
    '%s: allowed exactly to the expected people, refused to others with a French reason',
    (action) => {
      // The delivery report belongs to whoever sent the notice: here, « membre ».
      const ctx = { instance, senderKey: 'membre' };
      for (const [profile, p] of Object.entries(PEOPLE) as Array<[Profile, Person]>) {
        expect([profile, can(p, action, ctx)]).toEqual([profile, EXPECTED[action].includes(profile)]);
        if (!EXPECTED[action].includes(profile)) expect(() => authorize(p, action, ctx)).toThrow(/Seul|réservée|Vous/);
      }
      expect(can(null, action, ctx)).toBe(false);
      expect(() => authorize(null, action, ctx)).toThrow(/pas encore enregistré/);
    },
  );

  it('covers every action of the code', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });
});
