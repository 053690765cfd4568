import { CommandRouter } from './command-router';
import { VerbRouter } from './verb-router';
import { registerHelp } from './governance/help';
import { registerAnnounce } from './governance/announce';
import { registerChannelLink } from './governance/channel-link';
import { registerDelivery } from './delivery/routes';
import { registerGovernance } from './governance/routes';
import { registerMeetings } from './meetings/routes';
import { registerBallots } from './ballots/routes';
import { registerCircuits } from './circuits/routes';
import { registerNeeds } from './needs/routes';
import { registerDisputes } from './disputes/routes';
import { registerBilan } from './bilan/routes';
import { registerContractEconomics } from './disputes/economics-routes';
import { registerSurveys } from './surveys/routes';
import { registerPrivacy } from './privacy/routes';
import { registerMembers } from './governance/members';
import { registerRoles } from './governance/roles';
import { registerPeopleImport } from './governance/people-import';
import { registerBack } from './back';
import { registerSentences } from './language/sentences';

/** Every feature registers its commands and card verbs here. */
export function buildRouters(): { commands: CommandRouter; verbs: VerbRouter } {
  const commands = new CommandRouter();
  const verbs = new VerbRouter();
  for (const register of [
    registerHelp,
    registerGovernance,
    registerChannelLink,
    registerMembers,
    registerRoles,
    registerPeopleImport,
    registerAnnounce,
    registerDelivery,
    registerMeetings,
    registerBallots,
    registerCircuits,
    registerNeeds,
    registerDisputes,
    registerBilan,
    registerContractEconomics,
    registerSurveys,
    registerPrivacy,
    registerBack,
    registerSentences,
  ]) {
    register(commands, verbs);
  }
  return { commands, verbs };
}
