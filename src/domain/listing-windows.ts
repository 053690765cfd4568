/**
 * How far back each personal list looks, and so how long the indexes behind them keep an entry.
 * The lists are rules a person sees (« mes scrutins » shows a ballot a month after it closed);
 * the store keeps each index at least as long as its readers ask, pruning the rest at each write.
 */
const DAY_MS = 86_400_000;

/** « Mes scrutins »: a ballot stays listed 30 days after its closing (its result, its audit trail). */
export const MY_BALLOTS_RECENT_MS = 30 * DAY_MS;
/** A person's index of ballots keeps a day more than « mes scrutins » reads. */
export const BALLOT_INDEX_KEEP_MS = MY_BALLOTS_RECENT_MS + DAY_MS;

/** The ballot form offers the sittings of the day before onwards (a vote held in a sitting just started). */
export const BALLOT_FORM_SITTINGS_FROM_MS = DAY_MS;
/** A person's index of convocations keeps a sitting two days after it started. */
export const CONVOCATION_INDEX_KEEP_MS = 2 * DAY_MS;

/** « Mes séances »: the sittings held in the last 45 days (the relevé to write or correct). */
export const ORGANISED_SITTINGS_RECENT_MS = 45 * DAY_MS;
/** An instance's index keeps its last five sittings however old: a proxy run carries from the previous one. */
export const INSTANCE_INDEX_KEEP_LATEST = 5;

/** « Mes campagnes »: the open campaigns and those opened in the last year. */
export const MY_CAMPAIGNS_RECENT_MS = 365 * DAY_MS;
/** A centrale's list of campaigns keeps a closed one a year and a day after it opened. */
export const CAMPAIGN_LIST_KEEP_MS = MY_CAMPAIGNS_RECENT_MS + DAY_MS;
