package io.reelhouse.warehouse;

/**
 * What a publish did, from the warehouse's own commit metrics (no extra count).
 *
 * @param rowsInserted rows added by the commit
 * @param rowsUpdated rows changed in place (merges only)
 * @param rowsInTable rows the table holds after the commit, -1 if the warehouse did not say
 * @param version the table version committed, -1 if none
 */
public record WriteResult(long rowsInserted, long rowsUpdated, long rowsInTable, long version) {}
