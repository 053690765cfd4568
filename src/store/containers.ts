/**
 * Every container uses one partition key path, `/pk` (the embedded server indexes only one
 * level). Each entry says what `pk` holds and why; README "Storage" repeats this table.
 */
export const CONTAINERS = {
  centrales: {
    pk: 'centraleId',
    why: 'a centrale and its configuration (instances, adhérents, people) are read together; one partition per centrale isolates them',
  },
  directory: {
    pk: 'lookup key',
    why: 'point reads that tell a turn where it belongs: person → centrales, conversation → instance',
  },
  conversations: {
    pk: 'conversation id or person key',
    why: 'conversation references for proactive messages, one point read per recipient',
  },
  turnstate: { pk: 'storage key', why: 'teams-ai turn state (conversation, user), one point read per turn' },
  outbox: {
    pk: 'notice id',
    why: 'messages still to send, one per (notice, recipient); finished ones leave, so the due scan stays small',
  },
  deliveries: {
    pk: 'notice id',
    why: 'a notice (payload once) and one record per finished recipient: the delivery report reads one partition',
  },
  meetings: {
    pk: 'sitting id',
    why: 'a sitting, its answers and acknowledgements: the quorum forecast and the proof of notice read one partition',
  },
  ballots: {
    pk: 'ballot id (circuit id for a circuit’s audit lines)',
    why: 'a ballot, one document per voter (concurrent votes never contend), and its audit trail: the tally reads one partition',
  },
  circuits: { pk: 'circuit id', why: 'a validation circuit and its stages, read and advanced as one document' },
  needs: {
    pk: 'campaign id',
    why: 'a needs campaign, one document per need, one answer per member and the programme: completeness and consolidation read one partition',
  },
  disputes: {
    pk: 'purchasing file id (registre:<centrale> for files, contracts and the reference counter)',
    why: 'a file’s Comité Opérationnel works on its disputes together (grouping similar ones, bilan)',
  },
  surveys: {
    pk: 'survey id',
    why: 'a satisfaction survey and its anonymous responses: the summary reads one partition',
  },
  documents: {
    pk: 'owner id (sitting id, dispute id)',
    why: 'the documents of record of one sitting or dispute, each with its bytes: its document list reads one partition',
  },
  consumption: {
    pk: 'centrale id',
    why: 'the suppliers’ consumption reports, one per contract and period: the bilan des marchés over a year reads one partition',
  },
  jobs: { pk: 'job id', why: 'durable timers, claimed one by one; done jobs are deleted so the due scan stays small' },
} as const;

export type ContainerName = keyof typeof CONTAINERS;
export const CONTAINER_NAMES = Object.keys(CONTAINERS) as ContainerName[];
