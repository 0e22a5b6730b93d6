package org.custodian.record;

import java.util.List;

/** One page of history, newest first, and how many versions the whole window holds. */
public record HistoryPage(List<StoredVersion> versions, int total) {}
