package org.custodian.completion;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.disclosure.ComplaintRights;
import org.custodian.disclosure.TravellingStatements;
import org.custodian.record.RecordStore;
import org.custodian.record.WriteResult;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A patient's right to amend their record (45 CFR 164.526). HIM receives the request (which records,
 * what is wrong, the amendment asked for, whom to tell) and acts on it within 60 days, extended once
 * by up to 30 with the reason written to the patient. Accepting appends the amendment to the records
 * (a DocumentReference that concerns each of them, so the original stays as it was and readable),
 * writes to the patient, and tells each person the patient named. Denying writes the denial letter:
 * the basis, the right to file a statement of disagreement, the choice to have the request and denial
 * go with future disclosures instead, and how to complain. A statement of disagreement is then kept
 * as a DocumentReference concerning the records, which release of information sends with them
 * ({@link TravellingStatements}).
 */
@Service
public class AmendmentRequests {

	static final int DAYS = 60;
	static final int EXTENSION_DAYS = 30;

	/** The grounds on which an amendment may be denied (164.526(a)(2)). */
	public static final Map<String, String> DENIAL_BASES = Map.of(
			"not-created-here", "the information was not created by us, and its originator is available to act on your request",
			"not-in-designated-record-set", "the information is not part of the records we keep to make decisions about you",
			"not-available-for-access", "the information is not information you have a right to inspect",
			"accurate-and-complete", "the information is accurate and complete");

	/** A request as kept. */
	public record Amendment(long id, String patient, String requester, Instant received, String receivedBy, List<String> records,
			String description, String amendment, List<String> toNotify, LocalDate due, @Nullable LocalDate extendedTo,
			@Nullable String extensionReason, String status, @Nullable Instant decided, @Nullable String decidedBy,
			@Nullable String denialBasis, @Nullable String denialExplanation, @Nullable String letter, @Nullable String linkedEntry,
			@Nullable String disagreement, @Nullable String denialEntry, @Nullable String extensionLetter) {

		/** The date by which it must be acted on. */
		public LocalDate deadline() {
			return extendedTo != null ? extendedTo : due;
		}

		public boolean overdue(LocalDate today) {
			return status.equals("open") && today.isAfter(deadline());
		}
	}

	private final RecordStore store;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final Clock clock;
	private final ca.uhn.fhir.context.FhirContext ctx;
	private final org.custodian.search.SearchService search;
	private final org.custodian.search.SearchRequestParser parser;

	AmendmentRequests(RecordStore store, JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
			ca.uhn.fhir.context.FhirContext ctx, org.custodian.search.SearchService search) {
		this.ctx = ctx;
		this.search = search;
		this.parser = new org.custodian.search.SearchRequestParser(ctx, 50, 50);
		this.store = store;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** Receives a request: each record named is read through the gate and must be the patient's. */
	public Amendment receive(AccessContext access, String patient, String requester, List<String> records, String description,
			String amendment, List<String> notify) {
		return receive(access, patient, requester, records, description, amendment, notify, null);
	}

	/** As above, for a request received on {@code receivedOn} (a letter opened later): its 60 days run from then. */
	public Amendment receive(AccessContext access, String patient, String requester, List<String> records, String description,
			String amendment, List<String> notify, @Nullable LocalDate receivedOn) {
		if (receivedOn != null && (receivedOn.isAfter(today()) || receivedOn.isBefore(today().minusDays(DAYS)))) {
			throw invalid("A request is received on a day of the last 60, not " + receivedOn);
		}
		LocalDate received = receivedOn == null ? today() : receivedOn;
		requireHim(access, "amendment-receive");
		if (!patient.startsWith("Patient/") || records.isEmpty() || description.isBlank() || amendment.isBlank()
				|| requester.isBlank()) {
			throw invalid("A request to amend names the patient, who asks, the records, what is wrong and the amendment asked for");
		}
		for (String record : records) {
			int slash = record.indexOf('/');
			if (slash < 0) {
				throw invalid(record + " is not a record reference (Type/id)");
			}
			org.hl7.fhir.instance.model.api.IBaseResource r = store.read(access, record.substring(0, slash), record.substring(
					slash + 1)).resource();
			if (!belongsTo(r, patient)) {
				throw invalid(record + " is not in the record of " + patient);
			}
		}
		Instant now = clock.instant();
		long id = jdbc.queryForObject("insert into amendment_request (patient, requester, received_at, received_by, records,"
				+ " description, amendment, notify, due_on, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') returning request_id",
				Long.class, patient, requester, Timestamp.from(receivedOn == null ? now : receivedOn.atStartOfDay(ZoneOffset.UTC)
						.toInstant()), access.actor(), records.toArray(String[]::new), description,
				amendment, notify.toArray(String[]::new), java.sql.Date.valueOf(received.plusDays(DAYS)));
		return get(access, id);
	}

	/** Extends the deadline once, by 30 days, for the reason written to the patient (164.526(b)(2)(ii)). */
	public Amendment extend(AccessContext access, long id, String reason) {
		Amendment a = open(access, id, "amendment-extend");
		if (a.extendedTo() != null) {
			throw conflict("Amendment request " + id + " has been extended once already; the law allows one extension");
		}
		if (reason.isBlank()) {
			throw invalid("An extension states its reason, which the patient is told");
		}
		if (today().isAfter(a.due())) {
			throw conflict("Amendment request " + id + " was due on " + a.due() + "; it can no longer be extended");
		}
		LocalDate extended = a.due().plusDays(EXTENSION_DAYS);
		String letter = "Dear " + a.requester() + ",\n\nWe need more time to act on your request of " + day(a.received())
				+ " to amend your record: " + reason.strip() + "\n\nWe will act on it by " + extended + ". The law allows us"
				+ " this one extension.\n";
		int changed = jdbc.update("update amendment_request set extended_to = ?, extension_reason = ?, extension_letter = ? where"
				+ " request_id = ? and status = 'open' and extended_to is null", java.sql.Date.valueOf(extended), reason, letter, id);
		if (changed == 0) {
			throw conflict("Amendment request " + id + " was acted on or extended meanwhile");
		}
		return get(access, id);
	}

	/** Accepts: the amendment is appended to the records, the patient is told, and so is each person they named. */
	public Amendment accept(AccessContext access, long id) {
		Amendment a = open(access, id, "amendment-accept");
		return transactions.execute(status -> {
			jdbc.queryForObject("select request_id from amendment_request where request_id = ? for update", Long.class, id);
			Instant now = clock.instant();
			String text = "Amendment to the record at the patient's request (45 CFR 164.526), accepted on " + day(now) + ".\n"
					+ "What the patient said was wrong: " + a.description() + "\n" + "The amendment: " + a.amendment() + "\n"
					+ "Records amended: " + String.join(", ", a.records()) + "\n";
			String entry = append(access, a, TravellingStatements.AMENDMENT, "Amendment (patient request " + id + ")", text);
			String letter = "Dear " + a.requester() + ",\n\nWe have accepted your request of " + day(a.received()) + " to amend"
					+ " your record. The amendment now goes with the records it concerns (" + named(access, a.records())
					+ ") wherever they are used or disclosed:\n\n" + a.amendment() + "\n\n" + (a.toNotify().isEmpty() ? ""
							: "As you asked, we are telling " + String.join(", ", a.toNotify()) + ".\n");
			if (jdbc.update("update amendment_request set status = 'accepted', decided_at = ?, decided_by = ?, letter = ?,"
					+ " linked_entry = ? where request_id = ? and status = 'open'", Timestamp.from(now), access.actor(), letter, entry,
					id) == 0) {
				throw conflict("Amendment request " + id + " was acted on meanwhile"); // rolls the appended amendment back
			}
			for (String person : a.toNotify()) {
				jdbc.update("insert into amendment_notice (request_id, recipient, letter, sent_at) values (?, ?, ?, ?)", id, person,
						"To " + person + ":\n\nAt the request of the patient, " + a.requester() + ", we have amended the health"
								+ " information about them that we may have shared with you. The amendment:\n\n" + a.amendment()
								+ "\n\nPlease rely on the amended information from now on.\n", Timestamp.from(now));
			}
			return get(access, id);
		});
	}

	/** Denies, on one of the grounds the law allows, and writes the denial letter (164.526(d)(1)). */
	public Amendment deny(AccessContext access, long id, String basis, String explanation) {
		Amendment a = open(access, id, "amendment-deny");
		String ground = DENIAL_BASES.get(basis);
		if (ground == null) {
			throw invalid("An amendment is denied only because " + String.join("; ", DENIAL_BASES.values()) + " (basis "
					+ String.join(", ", DENIAL_BASES.keySet()) + "), not " + basis);
		}
		String letter = "Dear " + a.requester() + ",\n\nWe have denied your request of " + day(a.received()) + " to amend your"
				+ " record (" + named(access, a.records()) + ") because " + ground + "." + (explanation.isBlank() ? ""
						: " " + explanation) + "\n\n"
				+ "You may file a written statement disagreeing with this denial and saying why, with the Health Information"
				+ " Management department, quoting amendment request " + id + ". We will keep it with your record and send it,"
				+ " with your request and this letter, whenever we disclose the information concerned. We may write a reply to"
				+ " it, and will send you a copy.\n\n"
				+ "If you do not file a statement, you may ask us to send your request and this denial with any future"
				+ " disclosure of the information concerned.\n\n"
				+ "You may " + ComplaintRights.paragraph("amendment request " + id);
		return transactions.execute(status -> {
			Instant now = clock.instant();
			// The request and the denial are linked to the records at once (164.526(d)(4)); they go with disclosures only
			// once the patient files a statement or asks for it ((d)(5)).
			String text = "Request to amend, denied.\nThe patient's request (" + day(a.received()) + "): " + a.description()
					+ "\nThe amendment asked for: " + a.amendment() + "\nOur denial (" + day(now) + "): " + ground + (explanation
							.isBlank() ? "" : ". " + explanation) + "\n";
			String entry = append(access, a, TravellingStatements.DENIAL, "Request to amend and denial (patient request " + id
					+ ")", text);
			if (jdbc.update("update amendment_request set status = 'denied', decided_at = ?, decided_by = ?, denial_basis = ?,"
					+ " denial_explanation = ?, letter = ?, denial_entry = ? where request_id = ? and status = 'open'", Timestamp.from(
							now), access.actor(), basis, explanation, letter, entry, id) == 0) {
				throw conflict("Amendment request " + id + " was acted on meanwhile");
			}
			return get(access, id);
		});
	}

	/**
	 * Files the patient's statement of disagreement with a denial, or (with no statement) their wish
	 * that the request and the denial go with future disclosures: either is kept as a statement that
	 * concerns the records and travels with them (164.526(d)(4), (5)).
	 */
	public Amendment disagree(AccessContext access, long id, String statement) {
		requireHim(access, "amendment-disagreement");
		Amendment a = get(access, id);
		if (!a.status().equals("denied")) {
			throw conflict("Amendment request " + id + " is " + a.status() + ": a statement of disagreement follows a denial");
		}
		if (a.linkedEntry() != null) {
			throw conflict("Amendment request " + id + " has its statement already (" + a.linkedEntry() + ")");
		}
		return transactions.execute(status -> {
			String text = (statement.isBlank() ? "The patient asks that their request to amend, and our denial, go with"
					+ " every disclosure of these records.\n" : "Statement of disagreement filed by the patient.\n")
					+ "The patient's request (" + day(a.received()) + "): " + a.description() + "\nThe amendment asked for: "
					+ a.amendment() + "\nOur denial (" + (a.decided() == null ? "" : day(a.decided())) + "): " + DENIAL_BASES.get(a
							.denialBasis()) + (a.denialExplanation() == null || a.denialExplanation().isBlank() ? "" : ". " + a
									.denialExplanation()) + "\n" + (statement.isBlank() ? "" : "The patient's statement: " + statement
											+ "\n");
			String entry = append(access, a, TravellingStatements.DISAGREEMENT, (statement.isBlank() ? "Request to amend and"
					+ " denial" : "Statement of disagreement") + " (patient request " + id + ")", text);
			jdbc.update("update amendment_request set disagreement = ?, disagreement_at = ?, linked_entry = ? where request_id"
					+ " = ?", statement, Timestamp.from(clock.instant()), entry, id);
			return get(access, id);
		});
	}

	/** A record of the patient's that a request may concern, as HIM picks it. */
	public record Candidate(String reference, String heading) {}

	/** The patient's records a request may name: their notes, problems, allergies, medications and results, the latest first. */
	public List<Candidate> candidates(AccessContext access, String patient) {
		requireHim(access, "amendment-candidates");
		List<Candidate> out = new java.util.ArrayList<>();
		for (String type : List.of("DocumentReference", "Condition", "AllergyIntolerance", "MedicationRequest", "Observation")) {
			for (org.custodian.record.StoredVersion v : search.firstMatches(access, parser.parse(type, Map.of("patient",
					new String[] {patient}, "_sort", new String[] {"-_lastUpdated"}, "_count", new String[] {"50"}), true))
					.resources()) {
				if (!(v.resource() instanceof DocumentReference d && d.getType().getCoding().stream().anyMatch(c ->
						TravellingStatements.SYSTEM.equals(c.getSystem())))) {
					out.add(new Candidate(type + "/" + v.id(), org.custodian.disclosure.ResourceLines.heading(v.resource())));
				}
			}
		}
		return out;
	}

	/** The open requests, the nearest deadline first; or (all) every request, the latest first. */
	public List<Amendment> list(AccessContext access, boolean all) {
		requireHim(access, "amendment-list");
		return jdbc.query("select " + COLUMNS + " from amendment_request " + (all ? "order by received_at desc limit 500"
				: "where status = 'open' order by coalesce(extended_to, due_on)"), this::row);
	}

	/** The notices sent for an accepted request. */
	public List<String> notices(AccessContext access, long id) {
		requireHim(access, "amendment-notices");
		return jdbc.queryForList("select recipient from amendment_notice where request_id = ? order by notice_id", String.class,
				id);
	}

	public Amendment get(AccessContext access, long id) {
		requireHim(access, "amendment-read");
		return jdbc.query("select " + COLUMNS + " from amendment_request where request_id = ?", this::row, id).stream().findFirst()
				.orElseThrow(() -> new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No amendment request " + id));
	}

	public LocalDate today() {
		return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
	}

	private Amendment open(AccessContext access, long id, String action) {
		requireHim(access, action);
		Amendment a = get(access, id);
		if (!a.status().equals("open")) {
			throw conflict("Amendment request " + id + " was " + a.status() + " already");
		}
		return a;
	}

	/** Writes the statement that concerns the request's records, through the gate as the HIM user. */
	private String append(AccessContext access, Amendment a, String code, String title, String text) {
		DocumentReference d = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT).setDocStatus(
				DocumentReference.ReferredDocumentStatus.FINAL).setSubject(new Reference(a.patient())).setDate(Date.from(clock
						.instant())).setDescription(title);
		d.getType().addCoding(new Coding(TravellingStatements.SYSTEM, code, code.equals(TravellingStatements.AMENDMENT)
				? "Amendment" : code.equals(TravellingStatements.DENIAL) ? "Request to amend and denial" : "Statement of disagreement"))
				.setText(title);
		for (String record : a.records()) {
			if (record.startsWith("DocumentReference/")) {
				d.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.APPENDS).setTarget(new Reference(record));
			}
			d.getContext().addRelated(new Reference(record));
		}
		// It says what the records say: it is as sensitive as the most sensitive of them.
		for (String record : a.records()) {
			int slash = record.indexOf('/');
			for (Coding label : ((org.hl7.fhir.r4.model.Resource) store.read(access, record.substring(0, slash), record.substring(
					slash + 1)).resource()).getMeta().getSecurity()) {
				if (d.getMeta().getSecurity().stream().noneMatch(l -> java.util.Objects.equals(l.getSystem(), label.getSystem())
						&& java.util.Objects.equals(l.getCode(), label.getCode()))) {
					d.getMeta().addSecurity(label.copy());
				}
			}
		}
		d.addContent().setAttachment(new Attachment().setContentType("text/plain; charset=utf-8").setTitle(title).setData(text
				.getBytes(StandardCharsets.UTF_8)));
		WriteResult written = store.create(access, "DocumentReference", d, null);
		return "DocumentReference/" + written.version().id();
	}

	/** The records as the patient knows them: what each is, and when. */
	private String named(AccessContext access, List<String> records) {
		List<String> names = new java.util.ArrayList<>();
		for (String record : records) {
			int slash = record.indexOf('/');
			names.add(org.custodian.disclosure.ResourceLines.heading(store.read(access, record.substring(0, slash), record
					.substring(slash + 1)).resource()));
		}
		return String.join("; ", names);
	}

	/** Whether the record is the patient's: the patient itself, or a record that refers to them. */
	private boolean belongsTo(org.hl7.fhir.instance.model.api.IBaseResource r, String patient) {
		if (r instanceof org.hl7.fhir.r4.model.Patient) {
			return patient.equals("Patient/" + r.getIdElement().getIdPart());
		}
		return ctx.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class).stream().anyMatch(ref -> patient.equals(ref
				.getReference()));
	}

	private static final String COLUMNS = "request_id, patient, requester, received_at, received_by, records, description,"
			+ " amendment, notify, due_on, extended_to, extension_reason, status, decided_at, decided_by, denial_basis,"
			+ " denial_explanation, letter, linked_entry, disagreement, denial_entry, extension_letter";

	private Amendment row(ResultSet rs, int n) throws SQLException {
		return new Amendment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5),
				strings(rs.getArray(6)), rs.getString(7), rs.getString(8), strings(rs.getArray(9)), rs.getDate(10).toLocalDate(), rs
						.getDate(11) == null ? null : rs.getDate(11).toLocalDate(), rs.getString(12), rs.getString(13), rs.getTimestamp(
								14) == null ? null : rs.getTimestamp(14).toInstant(), rs.getString(15), rs.getString(16), rs.getString(17),
				rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21), rs.getString(22));
	}

	private static List<String> strings(Array array) throws SQLException {
		return List.of((String[]) array.getArray());
	}

	private static String day(Instant at) {
		return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
	}

	static void requireHim(AccessContext access, String action) {
		if (!access.roles().contains("him")) {
			throw access.refused(action, null, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "Requests to amend are handled by HIM");
		}
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.COMPLETION_REQUEST_INVALID, message);
	}

	private static CustodianException conflict(String message) {
		return new CustodianException.Conflict(ErrorCode.COMPLETION_REQUEST_INVALID, message);
	}
}
