package org.custodian.audit;

/**
 * Where audit records are kept. The product has one, {@link DatabaseAuditSink}; the interface
 * exists so that the benchmark can measure what auditing costs against a build whose sink keeps
 * nothing ({@code bench/no-audit}, compiled only by the {@code bench-no-audit} Maven profile into a
 * jar of its own). No setting of the product switches auditing off.
 */
public interface AuditSink {

	/** Keeps {@code record} (in the caller's transaction when one is open) and gives its sequence number. */
	long append(AuditRecord record);

	/**
	 * Keeps {@code record} outside any transaction; the answer completes once it is committed (or
	 * could not be). For a caller with other work to do meanwhile, which must not let anything
	 * recorded reach anyone before then.
	 */
	default java.util.concurrent.CompletableFuture<Long> appendLater(AuditRecord record) {
		return java.util.concurrent.CompletableFuture.completedFuture(append(record));
	}
}
