package org.custodian.disclosure;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.record.RecordStore;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests for records, from intake to their deadline: each is received with its requester,
 * purpose, instrument and what it asks for; its due date follows from the law
 * ({@link Deadlines}); its legal basis is decided at once ({@link LegalBasis}) and again when an
 * authorization arrives; one extension may be taken, with the reason written down; and the open
 * requests form an aging queue, the most urgent first. Release-of-information and HIM staff work it;
 * the patient is read through the gate when a request is received, so it is in the audit trail.
 */
@Service
public class ReleaseRequests {

	/** What intake records besides the request itself. */
	public record Intake(Request request, @Nullable String requesterAddress, @Nullable String records, @Nullable String format,
			@Nullable String delivery, @Nullable Authorization authorization, List<String> recordTypes,
			@Nullable LocalDate periodFrom, @Nullable LocalDate periodTo) {

		public Intake {
			recordTypes = List.copyOf(recordTypes);
		}

		/** Intake of the whole record, any period. */
		public Intake(Request request, @Nullable String requesterAddress, @Nullable String records, @Nullable String format,
				@Nullable String delivery, @Nullable Authorization authorization) {
			this(request, requesterAddress, records, format, delivery, authorization, List.of(), null, null);
		}
	}

	/** A stored request, its deadline and the decision as it stands. */
	public record Received(long id, Request request, RequestKind kind, LocalDate due, @Nullable Extension extension,
			String status, @Nullable Authorization authorization, Decision decision, @Nullable String records,
			@Nullable String format, @Nullable String delivery, @Nullable String requesterAddress, List<String> recordTypes,
			@Nullable LocalDate periodFrom, @Nullable LocalDate periodTo, @Nullable Long packageId, @Nullable Denial denial,
			@Nullable String deliveryStatus, @Nullable String deliveryTracking) {

		/** Days until due; negative when overdue. */
		public long daysLeft(LocalDate today) {
			return ChronoUnit.DAYS.between(today, due);
		}

		public boolean extended() {
			return extension != null;
		}
	}

	/**
	 * The one extension: why, the information-blocking exception it rests on, and the notice sent to
	 * the requester (the last two are absent on requests extended before they were recorded).
	 */
	public record Extension(String reason, @Nullable InformationBlockingException exception, @Nullable String letter) {}

	/** A denial of access in writing, by whom it was determined, and its review if one was asked for. */
	public record Denial(DenialGround ground, @Nullable String determinedBy, String letter, @Nullable Review review) {

		/** A reviewable denial not yet reviewed: the patient may still ask for the review. */
		public boolean awaitingReview() {
			return ground.reviewable() && review == null;
		}
	}

	/** The reviewing professional's determination, and the letter that told the patient. */
	public record Review(String reviewer, boolean upheld, String note, @Nullable String letter) {}

	private final JdbcTemplate jdbc;
	private final RecordStore store;
	private final Clock clock;
	private final Deadlines deadlines;
	private final Disclosures disclosures;
	private final TransactionTemplate transactions;

	ReleaseRequests(JdbcTemplate jdbc, RecordStore store, Clock clock, DisclosureProperties rules, Disclosures disclosures,
			TransactionTemplate transactions) {
		this.disclosures = disclosures;
		this.transactions = transactions;
		this.jdbc = jdbc;
		this.store = store;
		this.clock = clock;
		this.deadlines = new Deadlines(rules);
	}

	/** A scanned, signed authorization as uploaded: kept in the patient's record with the request. */
	public record Scan(byte[] content, String contentType, String title) {}

	public Received receive(AccessContext access, Intake intake) {
		return receive(access, intake, null);
	}

	/** Intake with the scan of the signed authorization, stored in the same transaction as the request, or neither. */
	public Received receive(AccessContext access, Intake intake, @Nullable Scan scan) {
		requireStaff(access, "roi-intake");
		return transactions.execute(status -> store(access, intake, scan));
	}

	/** Intake without the staff check: for the patient's own request, made by the patient ({@link RightOfAccess}). */
	Received store(AccessContext access, Intake intake) {
		return store(access, intake, null);
	}

	private Received store(AccessContext access, Intake intake, @Nullable Scan scan) {
		Request r = intake.request();
		if (r.requesterName() == null || r.requesterName().isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "Name the requester (a person, a firm, an"
					+ " agency)");
		}
		if (r.received().isAfter(today())) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "A request cannot be received in the future ("
					+ r.received() + ")");
		}
		store.read(access, "Patient", r.patient()); // exists, and the caller may see it: recorded as a read
		RequestKind kind = r.kind();
		Authorization a = intake.authorization() == null || scan == null ? intake.authorization()
				: intake.authorization().withDocument(storeScan(access, r.patient(), scan));
		Decision decision = LegalBasis.decide(r, a, today());
		Long id = jdbc.queryForObject("insert into roi_request (patient, requester, requester_name, requester_address,"
				+ " purpose, instrument, kind, sensitive, records, format, delivery, received, jurisdiction,"
				+ " representative_verified, assurances, due, status, outcome, decided_on, received_by, recorded_at,"
				+ " auth_description, auth_discloser, auth_recipient, auth_purpose, auth_expires, auth_expiry_event,"
				+ " auth_signed_on, auth_representative, auth_authority, auth_revocation, auth_conditioning, auth_redisclosure,"
				+ " auth_covers, auth_part2, auth_revoked_on, auth_known_false, auth_document, record_types, period_from,"
				+ " period_to) values (?, ?, ?, ?, ?, ?, ?, ?,"
				+ " ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
				+ " returning request_id", Long.class, r.patient(), r.requester().code(), r.requesterName(), intake.requesterAddress(),
				r.purpose().code(), r.instrument().code(), kind.code(), codes(r.sensitive()), intake.records(), intake.format(),
				intake.delivery(), Date.valueOf(r.received()), r.jurisdiction(), r.representativeAuthorityVerified(),
				r.assurances(), Date.valueOf(deadlines.due(kind, r.received(), r.jurisdiction(), false)),
				decision.outcome().code(), Date.valueOf(today()), access.actor(), Timestamp.from(clock.instant()),
				a == null ? null : a.description(), a == null ? null : a.discloser(), a == null ? null : a.recipient(),
				a == null ? null : a.purpose(), date(a == null ? null : a.expires()), a == null ? null : a.expiryEvent(),
				date(a == null ? null : a.signedOn()), a == null ? null : a.representative(), a == null ? null : a.authority(),
				a == null ? null : a.revocationStatement(), a == null ? null : a.conditioningStatement(),
				a == null ? null : a.redisclosureStatement(), a == null ? null : codes(a.covers()),
				a == null ? null : a.part2Consent(), date(a == null ? null : a.revokedOn()), a == null ? null : a.knownFalse(),
				a == null ? null : a.document(), intake.recordTypes().toArray(String[]::new), date(intake.periodFrom()),
				date(intake.periodTo()));
		return find(id == null ? -1 : id);
	}

	/** The authorization a held request was waiting for: stored with it, and the basis decided again. */
	public Received authorize(AccessContext access, long id, Authorization a) {
		return authorize(access, id, a, null);
	}

	/** As {@link #authorize(AccessContext, long, Authorization)}, with the signed form's scan, stored in the same transaction. */
	public Received authorize(AccessContext access, long id, Authorization given, @Nullable Scan scan) {
		requireStaff(access, "roi-authorization");
		return transactions.execute(status -> {
			Received before = find(id);
			Authorization a = scan == null ? given : given.withDocument(storeScan(access, before.request().patient(), scan));
			return decideAgain(id, before, a);
		});
	}

	private Received decideAgain(long id, Received before, Authorization a) {
		Decision decision = LegalBasis.decide(before.request(), a, today());
		jdbc.update("update roi_request set instrument = case when instrument = 'none' then 'authorization' else instrument end,"
				+ " outcome = ?, decided_on = ?, auth_description = ?, auth_discloser = ?, auth_recipient = ?, auth_purpose = ?,"
				+ " auth_expires = ?, auth_expiry_event = ?, auth_signed_on = ?, auth_representative = ?, auth_authority = ?,"
				+ " auth_revocation = ?, auth_conditioning = ?, auth_redisclosure = ?, auth_covers = ?, auth_part2 = ?,"
				+ " auth_revoked_on = ?, auth_known_false = ?, auth_document = ? where request_id = ?", decision.outcome().code(),
				Date.valueOf(today()), a.description(), a.discloser(), a.recipient(), a.purpose(), date(a.expires()),
				a.expiryEvent(), date(a.signedOn()), a.representative(), a.authority(), a.revocationStatement(),
				a.conditioningStatement(), a.redisclosureStatement(), codes(a.covers()), a.part2Consent(), date(a.revokedOn()),
				a.knownFalse(), a.document(), id);
		return find(id);
	}

	/**
	 * Takes the one extension the law allows (access 30 days, accounting 30), before the deadline,
	 * with the reason that the written notice to the requester gives.
	 */
	public Received extend(AccessContext access, long id, String reason, InformationBlockingException exception) {
		requireStaff(access, "roi-extension");
		Received r = find(id);
		if (reason == null || reason.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "Give the reason for the delay: the requester"
					+ " is told it in writing (164.524(b)(2)(ii))");
		}
		if (r.extended()) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "Request " + id + " was already extended once;"
					+ " the law allows one extension");
		}
		if (!r.status().equals("open")) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "Request " + id + " is already closed");
		}
		if (deadlines.extension(r.kind()) == 0) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "A " + r.kind().code() + " request has no"
					+ " extension in law; its deadline is this organization's own");
		}
		if (r.daysLeft(today()) < 0) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "Request " + id + " is already overdue (due "
					+ r.due() + "); an extension must be taken, and the requester told, within the first period");
		}
		LocalDate due = deadlines.due(r.kind(), r.request().received(), r.request().jurisdiction(), true);
		String letter = ExtensionLetter.of(r, reason, due, exception, today());
		jdbc.update("update roi_request set extended = true, extension_reason = ?, extension_exception = ?,"
				+ " extension_letter = ?, due = ? where request_id = ?", reason.trim(), exception.code(), letter,
				Date.valueOf(due), id);
		return get(access, id);
	}

	/**
	 * Releases what a request may have (its decision must be {@code release}): the request is closed
	 * and the disclosure recorded, for the accounting and in the audit trail, in one transaction.
	 */
	public Received release(AccessContext access, long id, String description, @Nullable String address) {
		requireStaff(access, "roi-release");
		return close(access, id, description, address);
	}

	/** The release without the staff check ({@link RightOfAccess}). */
	Received close(AccessContext access, long id, String description, @Nullable String address) {
		if (description == null || description.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "Describe what was released (it is what the"
					+ " accounting of disclosures will say)");
		}
		return transactions.execute(status -> {
			Received r = find(id);
			if (!r.status().equals("open")) {
				throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "Request " + id + " is already closed");
			}
			if (r.decision().outcome() != Decision.Outcome.RELEASE) {
				throw new CustodianException.Conflict(ErrorCode.ROI_RELEASE_REFUSED, "Request " + id + " may not be released: its"
						+ " decision is " + r.decision().outcome().code() + " (" + r.decision().reasons().stream()
								.map(Decision.Reason::text).reduce((x, y) -> x + "; " + y).orElse("") + ")");
			}
			if (jdbc.update("update roi_request set status = 'closed', released_at = ?, released_description = ?, delivery_status ="
					+ " 'sent', delivery_updated = ? where request_id = ? and status = 'open'", Timestamp.from(clock.instant()),
					description, Timestamp.from(clock.instant()), id) == 0) {
				// Released meanwhile by someone else: one release, one disclosure.
				throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "Request " + id + " was closed meanwhile");
			}
			String sent = r.packageId() == null ? description : description + " (package " + r.packageId() + ", SHA-256 "
					+ jdbc.queryForObject("select sha256 from roi_package where package_id = ?", String.class, r.packageId()) + ")";
			disclosures.record(access, r.request().patient(), r.request().requesterName(), address, sent,
					r.request().purpose().code(), Accountability.basis(r.decision()), id);
			return find(id);
		});
	}

	/**
	 * Denies a patient's request for access on one of the grounds of 164.524(a), in writing (the letter
	 * returned and kept): the basis, and for the reviewable grounds (which a licensed health care
	 * professional must have determined) the right to have it reviewed by another, and how to complain.
	 */
	public String deny(AccessContext access, long id, DenialGround ground, String explanation, @Nullable String determinedBy) {
		requireStaff(access, "roi-denial");
		Received r = find(id);
		if (r.kind() != RequestKind.ACCESS) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "Only a patient's request for access is denied"
					+ " on these grounds; a third party's request without a legal basis is refused by its decision");
		}
		if (!r.status().equals("open")) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "Request " + id + " is already closed");
		}
		if (ground.reviewable() && (determinedBy == null || determinedBy.isBlank())) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "This ground (" + ground.citation() + ") needs the"
					+ " determination of a licensed health care professional: name them");
		}
		if (explanation == null || explanation.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "Explain the denial in plain language for the"
					+ " patient (164.524(d)(2)(i))");
		}
		String letter = DenialLetter.of(r, ground, explanation, determinedBy, LocalDate.now(clock));
		jdbc.update("update roi_request set status = 'closed', denial_ground = ?, denial_determined_by = ?, denial_letter = ?,"
				+ " denied_at = ? where request_id = ?", ground.code(), determinedBy, letter, Timestamp.from(clock.instant()), id);
		return letter;
	}

	/**
	 * Records the review of a denial on a reviewable ground (164.524(d)(4)) by a licensed health care
	 * professional who did not take part in it: upheld, or overturned, which opens the request again to
	 * be released. The patient is told the outcome in writing.
	 */
	public Received reviewDenial(AccessContext access, long id, String reviewer, boolean upheld, String note) {
		requireStaff(access, "roi-denial-review");
		Received r = find(id);
		if (r.denial() == null || !r.denial().ground().reviewable()) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "Request " + id + " has no denial on a"
					+ " reviewable ground to review");
		}
		String determinedBy = r.denial().determinedBy();
		if (reviewer == null || reviewer.isBlank() || reviewer.trim().equalsIgnoreCase(determinedBy)) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "The reviewer is a licensed health care"
					+ " professional who took no part in the denial (164.524(a)(4)); name them");
		}
		if (note == null || note.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "Say what the review found");
		}
		if (r.denial() != null && r.denial().review() != null) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "The denial of request " + id + " was already"
					+ " reviewed, by " + r.denial().review().reviewer());
		}
		String letter = DenialReviewLetter.of(r, reviewer.trim(), upheld, note, today());
		if (jdbc.update("update roi_request set denial_reviewed_by = ?, denial_upheld = ?, denial_review_note = ?,"
				+ " denial_reviewed_at = ?, denial_review_letter = ?, status = case when ? then status else 'open' end"
				+ " where request_id = ? and denial_reviewed_at is null", reviewer.trim(), upheld, note.trim(),
				Timestamp.from(clock.instant()), letter, upheld, id) == 0) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "The denial of request " + id + " was reviewed"
					+ " meanwhile");
		}
		return find(id);
	}

	/** Tracks a released package's delivery: {@code delivered} or {@code returned} (undeliverable), with its reference. */
	public Received track(AccessContext access, long id, String status, @Nullable String tracking) {
		requireStaff(access, "roi-delivery");
		if (!status.equals("delivered") && !status.equals("returned") && !status.equals("sent")) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "Delivery is sent, delivered or returned, not "
					+ status);
		}
		if (jdbc.update("update roi_request set delivery_status = ?, delivery_tracking = coalesce(?, delivery_tracking),"
				+ " delivery_updated = ? where request_id = ? and released_at is not null", status, tracking,
				Timestamp.from(clock.instant()), id) == 0) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "Request " + id + " was not released, so"
					+ " nothing is being delivered");
		}
		return find(id);
	}

	/**
	 * Stores the scan of a signed authorization in the patient's record (a DocumentReference of LOINC
	 * 64292-6, release of information consent), through the gate, and answers its reference for the
	 * authorization to point at: the document is kept with the request, and in the legal record.
	 */
	private String storeScan(AccessContext access, String patient, Scan scan) {
		byte[] content = scan.content();
		String contentType = scan.contentType();
		String title = scan.title();
		org.hl7.fhir.r4.model.DocumentReference d = new org.hl7.fhir.r4.model.DocumentReference();
		d.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
		d.getType().addCoding().setSystem("http://loinc.org").setCode("64292-6").setDisplay("Release of information consent");
		d.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patient));
		d.setDate(java.util.Date.from(clock.instant()));
		d.setDescription("Signed authorization: " + title);
		d.addContent().setAttachment(new org.hl7.fhir.r4.model.Attachment().setContentType(contentType).setData(content)
				.setTitle(title));
		var written = store.create(access, "DocumentReference", d, null);
		return "DocumentReference/" + written.version().id();
	}

	/** How many requests are open, and how many of them overdue: for a work queue's count. */
	public record Waiting(int open, int overdue) {}

	public Waiting waiting(AccessContext access) {
		requireStaff(access, "roi-queue");
		return jdbc.queryForObject("select count(*), count(*) filter (where due < ?) from roi_request where status = 'open'",
				(rs, n) -> new Waiting(rs.getInt(1), rs.getInt(2)), Date.valueOf(today()));
	}

	/** Open requests, the soonest due (or longest overdue) first. */
	public List<Received> queue(AccessContext access, int count) {
		requireStaff(access, "roi-queue");
		return jdbc.query("select * from roi_request where status = 'open' order by due, request_id limit ?",
				(rs, n) -> received(rs), count);
	}

	/**
	 * Denials on a reviewable ground that have not been reviewed, the latest first: where staff find
	 * the request when a patient asks for the review 164.524(a)(4) gives.
	 */
	public List<Received> reviewable(AccessContext access, int count) {
		requireStaff(access, "roi-queue");
		String[] grounds = Arrays.stream(DenialGround.values()).filter(DenialGround::reviewable).map(DenialGround::code)
				.toArray(String[]::new);
		return jdbc.query("select * from roi_request where denial_ground = any(?) and denial_reviewed_at is null"
				+ " order by denied_at desc, request_id limit ?", (rs, n) -> received(rs), grounds, count);
	}

	public Received get(AccessContext access, long id) {
		requireStaff(access, "roi-request");
		return find(id);
	}

	Received find(long id) {
		List<Received> found = jdbc.query("select * from roi_request where request_id = ?", (rs, n) -> received(rs), id);
		if (found.isEmpty()) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No request for records " + id);
		}
		return found.get(0);
	}

	private Received received(ResultSet rs) throws SQLException {
		Request r = new Request(rs.getString("patient"), Requester.of(rs.getString("requester")),
				rs.getString("requester_name"), Purpose.of(rs.getString("purpose")), Instrument.of(rs.getString("instrument")),
				categories(rs.getArray("sensitive")), rs.getDate("received").toLocalDate(), rs.getString("jurisdiction"),
				rs.getBoolean("representative_verified"), rs.getBoolean("assurances"));
		Authorization a = rs.getObject("auth_signed_on") == null && rs.getString("auth_description") == null
				&& rs.getObject("auth_revocation") == null ? null
						: new Authorization(rs.getString("auth_description"), rs.getString("auth_discloser"),
								rs.getString("auth_recipient"), rs.getString("auth_purpose"), local(rs.getDate("auth_expires")),
								rs.getString("auth_expiry_event"), local(rs.getDate("auth_signed_on")), rs.getBoolean("auth_representative"),
								rs.getString("auth_authority"), rs.getBoolean("auth_revocation"), rs.getBoolean("auth_conditioning"),
								rs.getBoolean("auth_redisclosure"), categories(rs.getArray("auth_covers")), rs.getBoolean("auth_part2"),
								local(rs.getDate("auth_revoked_on")), rs.getBoolean("auth_known_false"), rs.getString("auth_document"));
		Decision decision = LegalBasis.decide(r, a, rs.getDate("decided_on").toLocalDate());
		Long packageId = (Long) rs.getObject("package_id");
		Extension extension = !rs.getBoolean("extended") ? null : new Extension(rs.getString("extension_reason"),
				rs.getString("extension_exception") == null ? null : InformationBlockingException.of(rs.getString(
						"extension_exception")), rs.getString("extension_letter"));
		Review review = rs.getTimestamp("denial_reviewed_at") == null ? null : new Review(rs.getString("denial_reviewed_by"),
				rs.getBoolean("denial_upheld"), rs.getString("denial_review_note"), rs.getString("denial_review_letter"));
		Denial denial = rs.getString("denial_ground") == null ? null : new Denial(DenialGround.of(rs.getString(
				"denial_ground")), rs.getString("denial_determined_by"), rs.getString("denial_letter"), review);
		return new Received(rs.getLong("request_id"), r, RequestKind.of(rs.getString("kind")), rs.getDate("due").toLocalDate(),
				extension, rs.getString("status"), a, decision,
				rs.getString("records"), rs.getString("format"), rs.getString("delivery"), rs.getString("requester_address"),
				List.of((String[]) rs.getArray("record_types").getArray()), local(rs.getDate("period_from")),
				local(rs.getDate("period_to")), packageId, denial,
				rs.getString("delivery_status"), rs.getString("delivery_tracking"));
	}

	/** Today, by the server's clock (deadlines are counted in its days). */
	public LocalDate today() {
		return LocalDate.now(clock);
	}

	private static String[] codes(Set<SensitiveCategory> categories) {
		return categories.stream().map(SensitiveCategory::code).sorted().toArray(String[]::new);
	}

	private static Set<SensitiveCategory> categories(@Nullable Array array) throws SQLException {
		if (array == null) {
			return Set.of();
		}
		Set<SensitiveCategory> out = EnumSet.noneOf(SensitiveCategory.class);
		Arrays.stream((String[]) array.getArray()).map(SensitiveCategory::of).forEach(out::add);
		return out;
	}

	private static @Nullable Date date(@Nullable LocalDate d) {
		return d == null ? null : Date.valueOf(d);
	}

	private static @Nullable LocalDate local(@Nullable Date d) {
		return d == null ? null : d.toLocalDate();
	}

	static void requireStaff(AccessContext access, String action) {
		if (!access.roles().contains("roi") && !access.roles().contains("him")) {
			throw access.refused(action, "Patient", null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"Requests for records are worked by release-of-information and HIM staff");
		}
	}
}
