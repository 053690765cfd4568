import { Centrale, Instance, Member, Person } from '../domain/governance';
import { OutboxStore } from './delivery/ports';
import { MeetingRepository } from './meetings/ports';
import { BallotRepository, CircuitRepository } from './ballots/ports';
import { NeedsRepository } from './needs/ports';
import { DisputesRepository } from './disputes/ports';
import { SurveyRepository } from './surveys/ports';
import { AdminAuditLog, PersonalDataStore } from './privacy/ports';
import type { Presenters } from './presenters';
import { DocumentRenderer, DocumentStore } from './documents/ports';
import { WorkbookReader, WorkbookRenderer } from './documents/workbook';
import { ChartRenderer, ConsumptionRepository } from './bilan/ports';

/** Per-centrale configuration: the centrale, its instances, adhérents and people. */
export interface GovernanceRepository {
  getCentrale(centraleId: string): Promise<Centrale | null>;
  createCentraleIfAbsent(centrale: Centrale): Promise<boolean>;
  listInstances(centraleId: string): Promise<Instance[]>;
  getInstance(centraleId: string, instanceId: string): Promise<Instance | null>;
  createInstanceIfAbsent(instance: Instance): Promise<boolean>;
  /** Read-modify-write under etag concurrency; `change` may run more than once. */
  updateInstance(centraleId: string, instanceId: string, change: (i: Instance) => Instance): Promise<Instance>;
  listMembers(centraleId: string): Promise<Member[]>;
  createMemberIfAbsent(member: Member): Promise<boolean>;
  getPerson(centraleId: string, personKey: string): Promise<Person | null>;
  listPeople(centraleId: string): Promise<Person[]>;
  /** Creates the person if absent, else applies `change`; keeps the person → centrale index. */
  upsertPerson(person: Person, change?: (existing: Person) => Person): Promise<Person>;
}

export interface ConversationBinding {
  centraleId: string;
  instanceId: string;
}

/** Lookups that tell a turn where it belongs before anything else is read. */
export interface DirectoryRepository {
  centralesOf(personKey: string): Promise<string[]>;
  /** The centrales with people from this Entra tenant. */
  centralesOfTenant(tenantId: string): Promise<string[]>;
  instanceOfConversation(conversationId: string): Promise<{ centraleId: string; instanceId: string } | null>;
  /** Points the conversation at an instance in one conditional write; returns the previous target. */
  bindConversation(conversationId: string, target: ConversationBinding): Promise<ConversationBinding | null>;
  unbindConversationIf(conversationId: string, expected: ConversationBinding): Promise<void>;
}

/** Opaque conversation references (a Teams detail the app layer only stores and passes on). */
export interface ConversationRepository {
  /** True when the conversation was not known before (decided by one conditional create). */
  saveForConversation(conversationId: string, reference: unknown): Promise<boolean>;
  saveForPerson(personKey: string, reference: unknown): Promise<void>;
  getForConversation(conversationId: string): Promise<unknown | null>;
  getForPerson(personKey: string): Promise<unknown | null>;
}

export interface Clock {
  now(): Date;
}

/** Durable timers (the scheduler), as the use cases see them. */
export interface Timers {
  schedule(input: { id: string; type: string; dueAt: Date; payload?: Record<string, unknown> }): Promise<boolean>;
}

export interface AppDeps {
  governance: GovernanceRepository;
  directory: DirectoryRepository;
  conversations: ConversationRepository;
  outbox: OutboxStore;
  meetings: MeetingRepository;
  ballots: BallotRepository;
  circuits: CircuitRepository;
  needs: NeedsRepository;
  disputes: DisputesRepository;
  surveys: SurveyRepository;
  /** Survey respondents' opaque tokens (a keyed HMAC; its secret is not in the database). */
  respondents: { of(surveyId: string, personKey: string): string };
  personalData: PersonalDataStore;
  adminAudit: AdminAuditLog;
  /** Documents of record (convocations, procès-verbaux…): kept frozen with their SHA-256. */
  documents: DocumentStore;
  /** Renders them (PDF, DOCX): src/documents. */
  documentRenderer: DocumentRenderer;
  /** The suppliers' consumption reports (the bilan des marchés). */
  consumption: ConsumptionRepository;
  /** Draws the bilan's charts as PNG: src/documents. */
  charts: ChartRenderer;
  /**
   * Workbooks (XLSX): the exports beside the CSVs, the needs' template, and reading it back
   * (src/documents/xlsx.ts, xlsx-read.ts). A port of its own: a workbook is typed rows, not a
   * document of record's prose, and it is regenerated on demand, never kept frozen.
   */
  workbooks: WorkbookRenderer & WorkbookReader;
  clock: Clock;
  /** The cards notices post, made by the Teams layer (wired in main.ts). */
  presenters: Presenters;
  /** Tells this process's dispatcher that something was enqueued. */
  wake?: () => void;
  timers?: Timers;
  /** Before a sitting, when to remind members who have not answered (ms before the start). */
  reminderOffsetsMs?: number[];
  /** Before a ballot closes, when to remind voters who have not voted. */
  ballotReminderOffsetsMs?: number[];
  /** Before a needs campaign's deadline, when to remind silent members. */
  needsReminderOffsetsMs?: number[];
  /** Per severity, hours to take charge of and to resolve a dispute (the defaults where absent). */
  disputeDelaysH?: Partial<
    Record<'faible' | 'moyenne' | 'haute' | 'critique', { takeCharge: number; resolve: number }>
  >;
}

export const systemClock: Clock = { now: () => new Date() };
