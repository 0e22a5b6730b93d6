package org.custodian.search;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.HumanName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * Re-indexes the {@code phonetic} parameter of every person (Patient, Person, Practitioner,
 * RelatedPerson) stored before it was indexed by sound as well as spelling ({@link Phonetics}), once per database, in
 * the background after start: batch by batch, each batch in a transaction that locks its resources,
 * so a concurrent update (which indexes itself) is never overwritten with an older version's names.
 * Until it has finished, phonetic searches may miss records stored before the upgrade.
 */
@Component
public class PhoneticBackfill {

	static final String UPGRADE = "phonetic-double-metaphone";
	private static final List<String> TYPES = List.of("Patient", "Person", "Practitioner", "RelatedPerson");
	private static final int BATCH = 500;
	private static final Logger log = LoggerFactory.getLogger(PhoneticBackfill.class);

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final FhirContext ctx;
	private volatile boolean done;

	private final org.custodian.record.StoredBodies bodies;

	PhoneticBackfill(JdbcTemplate jdbc, TransactionTemplate transactions, FhirContext ctx,
			org.custodian.record.StoredBodies bodies) {
		this.bodies = bodies;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.ctx = ctx;
	}

	@EventListener(ApplicationReadyEvent.class)
	void startInTheBackground() {
		Thread t = new Thread(() -> {
			try {
				run();
			} catch (RuntimeException e) {
				log.error("Re-indexing names by sound failed; it is tried again at the next start", e);
			}
		}, "phonetic-backfill");
		t.setDaemon(true);
		t.start();
	}

	/** Whether every stored person's names are indexed by sound. */
	public boolean done() {
		return done;
	}

	/** Re-indexes what is not yet indexed by sound; returns how many resources it re-indexed. */
	public int run() {
		if (Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from index_upgrade where name = ?)",
				Boolean.class, UPGRADE))) {
			done = true;
			return 0;
		}
		int count = 0;
		for (String type : TYPES) {
			long after = 0;
			while (true) {
				List<Long> ids = jdbc.queryForList("select res_id from resource where res_type = ? and not deleted"
						+ " and res_id > ? order by res_id limit " + BATCH, Long.class, type, after);
				if (ids.isEmpty()) {
					break;
				}
				Integer n = transactions.execute(status -> reindex(type, ids));
				count += n == null ? 0 : n;
				after = ids.get(ids.size() - 1);
			}
		}
		jdbc.update("insert into index_upgrade (name) values (?) on conflict do nothing", UPGRADE);
		if (count > 0) {
			log.info("Re-indexed the names of {} people by sound", count);
		}
		done = true;
		return count;
	}

	private int reindex(String type, List<Long> ids) {
		Long[] batch = ids.toArray(Long[]::new);
		List<Object[]> rows = new ArrayList<>();
		List<Long> locked = new ArrayList<>();
		jdbc.query("select r.res_id, v.codec, v.body, r.fhir_id, v.version from resource r join resource_version v"
				+ " on v.res_id = r.res_id and v.version = r.version where r.res_id = any(?) and not r.deleted for update of r", rs -> {
					long resId = rs.getLong(1);
					byte[] body = rs.getBytes(3);
					locked.add(resId);
					if (body == null) {
						return;
					}
					IBaseResource resource = bodies.open(rs.getShort(2), body, type, rs.getString(4), rs.getInt(5));
					java.util.Set<IndexEntry> entries = new java.util.LinkedHashSet<>();
					for (HumanName name : ctx.newTerser().getValues(resource, type + ".name", HumanName.class)) {
						StringMapper.sounds(Phonetics.PARAM, name, entries);
					}
					for (IndexEntry e : entries) {
						IndexEntry.StringValue v = (IndexEntry.StringValue) e;
						rows.add(new Object[] {resId, IndexHash.identity(type, Phonetics.PARAM), v.normalized(), v.exact()});
					}
				}, (Object) batch);
		jdbc.update("delete from idx_string where res_id = any(?) and hash_identity = ?", locked.toArray(Long[]::new),
				IndexHash.identity(type, Phonetics.PARAM));
		jdbc.batchUpdate("insert into idx_string (res_id, hash_identity, value_norm, value_exact) values (?,?,?,?)", rows);
		return locked.size();
	}
}
