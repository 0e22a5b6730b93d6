package org.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.custodian.database.DatabaseOwner;
import org.custodian.testkit.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail cannot be changed silently: it is append-only, and where someone with the
 * database's superuser powers goes around that, {@code audit verify} names the first row modified,
 * removed or inserted. Each tampering test puts the trail back as it was, and checks that it is
 * intact again.
 */
class AuditTrailIT extends ServerTest {

	@Autowired
	AuditTrail trail;
	@Autowired
	AuditSealer sealer;
	@Autowired
	AuditVerifier verifier;
	@Autowired
	DatabaseOwner databaseOwner;

	@BeforeEach
	void aSealedTrail() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			trail.record(settled("read", "Patient/p" + i));
		}
		sealEverything();
		assertThat(verifier.verify().problem()).isNull();
	}

	/** Seals until every row recorded so far is sealed (rows settle for a moment first). */
	private void sealEverything() throws InterruptedException {
		Long last = jdbc.queryForObject("select max(seq) from audit_event", Long.class);
		for (int i = 0; i < 100; i++) {
			sealer.sealSettled();
			Long sealed = jdbc.queryForObject("select max(seq) from audit_seal", Long.class);
			if (sealed != null && sealed >= last) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the trail was not sealed through row " + last);
	}

	@Test
	void theApplicationsRoleMayNotUpdateDeleteOrTruncate() {
		long seq = lastSeq();
		assertThatThrownBy(() -> jdbc.update("update audit_event set actor = 'someone-else' where seq = ?", seq))
				.rootCause().hasMessageContaining("permission denied");
		assertThatThrownBy(() -> jdbc.update("delete from audit_event where seq = ?", seq)).rootCause()
				.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> jdbc.execute("truncate audit_seal")).rootCause().hasMessageContaining("permission denied");
		assertThatThrownBy(() -> jdbc.update("delete from audit_checkpoint")).rootCause().hasMessageContaining("permission denied");
		assertThatThrownBy(() -> jdbc.execute("alter table audit_event disable trigger audit_event_append_only")).rootCause()
				.hasMessageContaining("must be owner");
		assertThat(jdbc.queryForObject("select rolsuper from pg_roles where rolname = current_user", Boolean.class)).isFalse();
	}

	@Test
	void evenTheOwnerIsRefusedUpdatesDeletesAndTruncationWhileTheTriggersStand() {
		long seq = lastSeq();
		JdbcTemplate owner = owner();
		assertThatThrownBy(() -> owner.update("update audit_event set actor = 'someone-else' where seq = ?", seq))
				.rootCause().hasMessageContaining("append-only");
		assertThatThrownBy(() -> owner.update("delete from audit_event where seq = ?", seq)).rootCause()
				.hasMessageContaining("append-only");
		assertThatThrownBy(() -> owner.execute("truncate audit_seal")).rootCause().hasMessageContaining("append-only");
		assertThatThrownBy(() -> owner.update("delete from audit_checkpoint")).rootCause().hasMessageContaining("append-only");
	}

	@Test
	void sealsEveryRowAndSignsCheckpoints() {
		AuditVerifier.Verdict v = verifier.verify();
		assertThat(v.intact()).isTrue();
		assertThat(v.sealedThrough()).isGreaterThanOrEqualTo(lastSeq());
		assertThat(v.checkpointsChecked()).isPositive();
	}

	@Test
	void namesARowThatWasModified() {
		long seq = lastSeq();
		String actor = jdbc.queryForObject("select actor from audit_event where seq = ?", String.class, seq);
		bypassingTheTrigger("audit_event", () -> owner().update("update audit_event set actor = 'covered-up' where seq = ?", seq));
		AuditVerifier.Verdict v = verifier.verify();
		assertThat(v.firstBadSeq()).isEqualTo(seq);
		assertThat(v.problem()).startsWith("modified");
		bypassingTheTrigger("audit_event", () -> owner().update("update audit_event set actor = ? where seq = ?", actor, seq));
		assertThat(verifier.verify().intact()).isTrue();
	}

	@Test
	void namesARowThatWasRemoved() {
		long seq = lastSeq();
		List<java.util.Map<String, Object>> row = jdbc.queryForList("select * from audit_event where seq = ?", seq);
		bypassingTheTrigger("audit_event", () -> owner().update("delete from audit_event where seq = ?", seq));
		AuditVerifier.Verdict v = verifier.verify();
		assertThat(v.firstBadSeq()).isEqualTo(seq);
		assertThat(v.problem()).startsWith("removed");
		java.util.Map<String, Object> r = row.get(0);
		jdbc.update("insert into audit_event (seq, recorded, category, action, subtype, outcome, actor, client, roles, purpose,"
				+ " origin, patients, entities, query, detail, emergency, user_ref) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
				r.get("seq"), r.get("recorded"), r.get("category"), r.get("action"), r.get("subtype"), r.get("outcome"),
				r.get("actor"), r.get("client"), r.get("roles"), r.get("purpose"), r.get("origin"), r.get("patients"),
				r.get("entities"), r.get("query"), r.get("detail"), r.get("emergency"), r.get("user_ref"));
		assertThat(verifier.verify().intact()).isTrue();
	}

	@Test
	void namesARowSlippedInAmongSealedOnes() throws InterruptedException {
		Long gap = jdbc.queryForObject("select nextval('audit_event_seq')", Long.class);
		trail.record(settled("read", "Patient/after-gap"));
		sealEverything();
		assertThat(verifier.verify().intact()).as("a gap left by a rolled-back write is no harm").isTrue();
		jdbc.update("insert into audit_event (seq, recorded, category, action, subtype, outcome, actor, roles, patients,"
				+ " entities, emergency) values (?, now() - interval '1 hour', 'rest', 'R', 'read', 0, 'alibi', '{}', '{}',"
				+ " '{}', false)", gap);
		AuditVerifier.Verdict v = verifier.verify();
		assertThat(v.firstBadSeq()).isEqualTo(gap);
		assertThat(v.problem()).startsWith("inserted");
		bypassingTheTrigger("audit_event", () -> owner().update("delete from audit_event where seq = ?", gap));
		assertThat(verifier.verify().intact()).isTrue();
	}

	@Test
	void namesAChainReSealedWithoutTheSigningKey() {
		long seq = lastSeq();
		bypassingTheTrigger("audit_checkpoint", () -> owner().update("delete from audit_checkpoint where seq = ?", seq));
		jdbc.update("insert into audit_checkpoint (seq, hash, signed_at, key_id, signature) select seq, hash, now(), 'forged',"
				+ " 'eyJhbGciOiJSUzI1NiJ9.e30.AAAA' from audit_seal where seq = ?", seq);
		AuditVerifier.Verdict v = verifier.verify();
		assertThat(v.firstBadSeq()).isEqualTo(seq);
		assertThat(v.problem()).startsWith("rewritten");
		bypassingTheTrigger("audit_checkpoint", () -> owner().update("delete from audit_checkpoint where seq = ?", seq));
		assertThat(verifier.verify().intact()).isTrue();
	}

	private long lastSeq() {
		Long seq = jdbc.queryForObject("select max(seq) from audit_seal", Long.class);
		assertThat(seq).isNotNull();
		return seq;
	}

	/** The schema's owner (the embedded server's superuser): the application itself never connects as it. */
	private JdbcTemplate owner() {
		return new JdbcTemplate(databaseOwner.dataSource());
	}

	/** What only the database's superuser can do, and what verification exists to catch. */
	private void bypassingTheTrigger(String table, Runnable tampering) {
		owner().execute("alter table " + table + " disable trigger " + table + "_append_only");
		try {
			tampering.run();
		} finally {
			owner().execute("alter table " + table + " enable trigger " + table + "_append_only");
		}
	}

	private static AuditRecord settled(String subtype, String patient) {
		return new AuditRecord(Instant.now().minusSeconds(5), "rest", 'R', subtype, AuditRecord.SUCCESS, "tester", null,
				"test-client", List.of("him"), "TREAT", "127.0.0.1", List.of(patient), List.of(patient), null, null, false);
	}
}
