import {
  BALLOT_FORM_SITTINGS_FROM_MS,
  BALLOT_INDEX_KEEP_MS,
  CAMPAIGN_LIST_KEEP_MS,
  CONVOCATION_INDEX_KEEP_MS,
  INSTANCE_INDEX_KEEP_LATEST,
  MY_BALLOTS_RECENT_MS,
  MY_CAMPAIGNS_RECENT_MS,
} from '../../src/domain/listing-windows';

/** Each index keeps an entry at least as long as the lists that read it look back. */
it('keeps every index entry as long as its readers ask for it', () => {
  expect(BALLOT_INDEX_KEEP_MS).toBeGreaterThan(MY_BALLOTS_RECENT_MS);
  expect(CAMPAIGN_LIST_KEEP_MS).toBeGreaterThan(MY_CAMPAIGNS_RECENT_MS);
  // The ballot form reads the convocations index from the day before.
  expect(CONVOCATION_INDEX_KEEP_MS).toBeGreaterThan(BALLOT_FORM_SITTINGS_FROM_MS);
  // A proxy run carries from the previous sitting: at least one held sitting is kept.
  expect(INSTANCE_INDEX_KEEP_LATEST).toBeGreaterThanOrEqual(1);
});
