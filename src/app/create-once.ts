import { ErrorCode } from '../domain/error-codes';
import { DomainError } from '../domain/errors';

/**
 * Stores `record` unless its id is taken. A creating form names what it creates (`draftId`), so
 * the same form sent again — after a fault, or a double click — finds the record the first try
 * stored and the use case goes on to finish it (notices and timers have fixed ids). A record of
 * someone else under that id is refused, and so is one of the same person in another centrale
 * (a person may belong to several): an id never carries anyone across a centrale.
 */
export async function createOrResume<T extends { centraleId: string }>(
  record: T,
  store: { create(r: T): Promise<boolean>; get(): Promise<T | null> },
  authorOf: (r: T) => string,
  refusal: string,
): Promise<T> {
  if (await store.create(record)) return record;
  const stored = await store.get();
  if (!stored || stored.centraleId !== record.centraleId || authorOf(stored) !== authorOf(record))
    throw new DomainError(ErrorCode.FormAlreadyUsed, refusal);
  return stored;
}
