package org.custodian.record;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which versions a history request covers.
 *
 * @param since  {@code _since}: versions written at or after this instant
 * @param atLow  {@code _at}: versions that were current at some point in {@code [atLow, atHigh]}
 * @param atHigh see {@code atLow}
 * @param until  the end of the window, fixed when the request arrives so paging is stable
 */
public record HistoryWindow(@Nullable Instant since, @Nullable Instant atLow, @Nullable Instant atHigh, Instant until) {}
