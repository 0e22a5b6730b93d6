package org.custodian.disclosure;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.audit.ApiDisclosures;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * The disclosures made, and the accounting of them a patient may ask for (45 CFR 164.528). Every
 * release of records outside the organization is recorded here and, as an IHE BALP PrivacyDisclosure,
 * in the audit trail, in the release's transaction. The accounting covers six years; it leaves out
 * what the rule excludes (disclosures to the patient, for treatment, payment and operations, under
 * the patient's authorization) and what an agency's suspension holds back; it shows each
 * recipient and purpose once with the first date, how many times, and the last, as 164.528(b)(3)
 * allows; and it includes the accountable disclosures the FHIR API made to outside parties (public
 * health, research, legal purposes of use), read from the audit trail.
 */
@Service
public class Disclosures {

	/** One line of an accounting: a recipient and purpose, when first and last, how many times. */
	public record Entry(Instant first, Instant last, int times, String recipient, @Nullable String address, String description,
			String purpose) {}

	/** Purposes of use (HL7 v3) under which an API access is a disclosure to account for. */
	static final Set<String> ACCOUNTABLE_PURPOSES = Set.of("PUBHLTH", "HRESCH", "HLEGAL");
	static final int YEARS = 6;

	private final JdbcTemplate jdbc;
	private final AuditTrail trail;
	private final AuditRecords records;
	private final Clock clock;

	private final ApiDisclosures api;

	Disclosures(JdbcTemplate jdbc, AuditTrail trail, FhirContext ctx, Clock clock, ApiDisclosures api) {
		this.api = api;
		this.jdbc = jdbc;
		this.trail = trail;
		this.records = new AuditRecords(ctx);
		this.clock = clock;
	}

	/** Records a disclosure (in the caller's transaction) and its PrivacyDisclosure audit record. */
	void record(AccessContext access, String patient, String recipient, @Nullable String address, String description,
			String purpose, String basis, @Nullable Long request) {
		Instant now = clock.instant();
		jdbc.update("insert into disclosure (patient, disclosed_at, recipient, recipient_address, description, purpose, basis,"
				+ " accountable, request_id, made_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", patient, Timestamp.from(now),
				recipient, address, description, purpose, basis, Accountability.accountable(basis), request, access.actor());
		trail.record(records.of(access, "disclosure", 'E', "privacy-disclosure", AuditRecord.SUCCESS,
				new AuditRecords.Touched().patient("Patient/" + patient), null, "to " + recipient + " for " + purpose + " ("
						+ basis + "): " + description));
	}

	/**
	 * When {@code patient}'s records were last disclosed in a way the accounting of disclosures must show
	 * (null if never): retention keeps the chart at least until that disclosure leaves the accounting.
	 */
	public @Nullable Instant lastAccountable(String patient) {
		return jdbc.query("select max(disclosed_at) from disclosure where patient = ? and accountable", (rs, n) -> {
			Timestamp t = rs.getTimestamp(1);
			return t == null ? null : t.toInstant();
		}, patient).stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
	}

	/** The accounting of disclosures for {@code patient}: the last six years, excluded and suspended left out. */
	public List<Entry> accounting(AccessContext access, String patient) {
		ReleaseRequests.requireStaff(access, "accounting-of-disclosures");
		LocalDate today = LocalDate.now(clock);
		Timestamp since = Timestamp.from(today.minusYears(YEARS).atStartOfDay(ZoneOffset.UTC).toInstant());
		List<String> suspended = jdbc.queryForList("select lower(agency) from disclosure_suspension where until >= ?",
				String.class, Date.valueOf(today));
		Map<String, Entry> grouped = new LinkedHashMap<>();
		jdbc.query("select disclosed_at, recipient, recipient_address, description, purpose from disclosure where patient = ?"
				+ " and accountable and disclosed_at >= ? order by disclosed_at", (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
					String recipient = rs.getString(2);
					if (!suspended.contains(recipient.toLowerCase(Locale.ROOT))) {
						add(grouped, rs.getTimestamp(1).toInstant(), recipient, rs.getString(3), rs.getString(4), rs.getString(5));
					}
				}, patient, since);
		for (ApiDisclosures.Access a : api.of(patient, ACCOUNTABLE_PURPOSES, since.toInstant())) {
			if (!suspended.contains(a.recipient().toLowerCase(Locale.ROOT))) {
				add(grouped, a.recorded(), a.recipient(), null, "Records read through the FHIR API", a.purpose());
			}
		}
		List<Entry> out = new ArrayList<>(grouped.values());
		out.sort(java.util.Comparator.comparing(Entry::first));
		return out;
	}

	/** An agency's written statement suspending accountings of its disclosures until {@code until}. */
	public void suspend(AccessContext access, String agency, String statement, LocalDate until) {
		ReleaseRequests.requireStaff(access, "accounting-suspension");
		if (agency == null || agency.isBlank() || statement == null || statement.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "Name the agency and keep its statement: the"
					+ " rule asks for it in writing (164.528(a)(2))");
		}
		jdbc.update("insert into disclosure_suspension (agency, statement, until, recorded_by, recorded_at) values"
				+ " (?, ?, ?, ?, ?)", agency, statement, Date.valueOf(until), access.actor(), Timestamp.from(clock.instant()));
	}

	/** A suspension in force: the agency, its statement, until when. */
	public record Suspension(String agency, String statement, LocalDate until) {}

	/** The suspensions in force today. */
	public List<Suspension> suspensions(AccessContext access) {
		ReleaseRequests.requireStaff(access, "accounting-suspension");
		return jdbc.query("select agency, statement, until from disclosure_suspension where until >= ? order by until",
				(rs, n) -> new Suspension(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate()),
				Date.valueOf(LocalDate.now(clock)));
	}

	/** Summarizes repeated disclosures to one recipient for one purpose (164.528(b)(3)). */
	private static void add(Map<String, Entry> grouped, Instant when, String recipient, @Nullable String address,
			String description, String purpose) {
		String key = recipient.toLowerCase(Locale.ROOT) + "|" + purpose.toLowerCase(Locale.ROOT);
		Entry e = grouped.get(key);
		grouped.put(key, e == null ? new Entry(when, when, 1, recipient, address, description, purpose)
				: new Entry(e.first(), when, e.times() + 1, e.recipient(), e.address(), e.description(), e.purpose()));
	}
}
