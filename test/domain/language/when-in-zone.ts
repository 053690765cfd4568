// Run by when.test.ts in a node process whose own zone (TZ) is elsewhere: prints what whenOf
// reads for every case, as JSON, and the zone the process ran in.
import { CASES, outcomeOf } from './when-cases';

process.stdout.write(
  JSON.stringify({
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    outcomes: CASES.map(outcomeOf),
  }),
);
