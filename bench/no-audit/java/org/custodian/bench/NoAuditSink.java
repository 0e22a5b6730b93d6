package org.custodian.bench;

import java.util.concurrent.atomic.AtomicLong;

import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditSink;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Benchmark only: an audit sink that keeps nothing, so that bench/compare.sh can measure what
 * auditing costs (issue 5's goal: at most 10% of the search p95). Compiled only by the Maven profile
 * {@code bench-no-audit}, into target/no-audit/custodian-no-audit.jar; never part of the product.
 */
@Component
@Primary
class NoAuditSink implements AuditSink {

	private final AtomicLong seq = new AtomicLong();

	@Override
	public long append(AuditRecord record) {
		return seq.incrementAndGet();
	}
}
