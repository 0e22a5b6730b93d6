package org.custodian.ingest.hl7;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.identity.PatientMatcher;
import org.custodian.identity.PatientMerge;
import org.custodian.record.RecordStore;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * HL7 v2 messages into the record. Each message is first committed raw ({@code hl7_message}), so that
 * no acknowledged message is ever lost; then, unless its sender's control id was processed already
 * (acknowledged again, not applied twice), applied in one transaction through the gate as the system
 * task {@code hl7-feed}: ADT events to the patient (matched by identifier, then by the patient identity
 * service) and their visit, ORU^R01 results to reports and observations, MDM documents to
 * DocumentReferences, SIU to Appointments. The acknowledgement says how
 * it went: AA applied, AE kept in error with the reason (staff correct and replay it), AR refused
 * (unreadable, or a kind of message not taken here). Every version is read as 2.5.1.
 */
@Service
public class Hl7Feed {

	private static final Logger log = LoggerFactory.getLogger(Hl7Feed.class);
	static final String TASK = "hl7-feed";

	/** ADT events and what each does to the visit. */
	private static final Set<String> ADT = Set.of("A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A11", "A13", "A28",
			"A31", "A34", "A39", "A40");

	/** Document events that carry the document: original, status change, addendum, edit, replacement. */
	private static final Set<String> MDM = Set.of("T02", "T04", "T06", "T08", "T10");

	/** Scheduling events: booked, rescheduled, modified, cancelled, deleted, no-show. */
	private static final Set<String> SIU = Set.of("S12", "S13", "S14", "S15", "S17", "S26");

	/** What happened to a message, and the acknowledgement that says so. */
	public record Received(long id, String status, @Nullable String error, List<String> written, String ack) {}

	/** A message as kept, for the interface monitor and the error queue. */
	public record Kept(long id, String feed, @Nullable String facility, @Nullable String type, @Nullable String controlId,
			Instant received, String status, @Nullable String error, String raw, int replays) {}

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final AccessGate gate;
	private final Clock clock;
	private final PipeParser parser;
	private final V2Records records;
	private final V2Results results;
	private final V2Documents documents;
	private final V2Appointments appointments;
	private final PatientMerge merges;

	private final org.custodian.record.Sealing sealing;

	Hl7Feed(JdbcTemplate jdbc, TransactionTemplate transactions, AccessGate gate, Clock clock, RecordStore store,
			SearchService search, FhirContext ctx, PatientMatcher matcher, PatientMerge merges, Hl7Properties naming,
			org.custodian.record.Sealing sealing) {
		this.sealing = sealing;
		this.merges = merges;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.gate = gate;
		this.clock = clock;
		HapiContext hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
		hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
		// Acknowledgements' control ids: HAPI's default keeps a counter in a file named id_file in the
		// working directory, wherever the server was started. A counter from the clock's microseconds is
		// unique across restarts without writing anywhere.
		java.util.concurrent.atomic.AtomicLong ackIds = new java.util.concurrent.atomic.AtomicLong(
				System.currentTimeMillis() * 1000);
		hapi.getParserConfiguration().setIdGenerator(() -> Long.toString(ackIds.incrementAndGet()));
		this.parser = hapi.getPipeParser();
		this.records = new V2Records(store, search, ctx, matcher, naming);
		this.results = new V2Results(records);
		this.documents = new V2Documents(records);
		this.appointments = new V2Appointments(records);
	}

	/** Receives one message from {@code feed}: kept, then applied, and acknowledged. */
	public Received receive(String raw, String feed) {
		String message = segments(raw);
		Reading reading = read(message);
		// Kept first, in its own committed transaction (one statement, header and all): whatever follows, the message
		// is not lost. Reading it first touches nothing but memory.
		long id = jdbc.queryForObject("insert into hl7_message (feed, received_at, raw, status, sending_facility,"
				+ " sending_application, control_id, message_type, digest) values (?, ?, ?, 'received', ?, ?, ?, ?, ?) returning"
				+ " message_id", Long.class, feed, Timestamp.from(clock.instant()), sealing.sealText(message, SEALED), reading.facility(), reading
						.application(), reading.control(), reading.type(), reading.digest());
		return process(id, message, reading);
	}

	/** A message as read: parsed (or why not) and its header, kept with it. */
	private record Reading(@Nullable Message parsed, @Nullable String unreadable, @Nullable String facility,
			@Nullable String application, @Nullable String control, @Nullable String type, byte[] digest) {}

	private Reading read(String message) {
		byte[] digest = org.custodian.support.Digests.sha256(message);
		try {
			Message parsed = parser.parse(message);
			Terser t = new SegmentCachingTerser(parsed);
			return new Reading(parsed, null, V2Fields.get(t, "/MSH-4-1"), V2Fields.get(t, "/MSH-3-1"), V2Fields.get(t, "/MSH-10"),
					V2Fields.get(t, "/MSH-9-1") + "^" + V2Fields.get(t, "/MSH-9-2"), digest);
		} catch (HL7Exception | RuntimeException e) {
			return new Reading(null, String.valueOf(e.getMessage()), null, null, null, null, digest);
		}
	}

	/** Applies a kept message again, as corrected by staff when {@code corrected} is given (HIM or integration). */
	public Received replay(AccessContext access, long id, @Nullable String corrected) {
		requireStaff(access);
		Kept kept = raw(id);
		if (!mayRead(access, kept.raw())) {
			throw access.refused("hl7-replay", "Patient", null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, RESTRICTED);
		}
		String message = corrected == null || corrected.isBlank() ? kept.raw() : segments(corrected);
		// Taken back to "received" by one replay only; the message as it came is kept the first time it is corrected.
		int taken = jdbc.update("update hl7_message set original_raw = coalesce(original_raw, raw), raw = ?, status = 'received',"
				+ " replays = replays + 1, replayed_by = ? where message_id = ? and (status in ('error', 'rejected') or (status ="
				+ " 'received' and received_at < ?))", sealing.sealText(message, SEALED), access.actor(), id, Timestamp.from(clock
						.instant().minus(STUCK)));
		if (taken == 0) {
			throw new CustodianException.Conflict(ErrorCode.INGEST_REFUSED, "Message " + id + " is " + kept.status()
					+ "; only a message in error (or left unprocessed) is replayed");
		}
		return process(id, message, readAgain(id, message));
	}

	/** The message read, and its header as read now kept with it (a corrected message may name another sender). */
	private Reading readAgain(long id, String message) {
		Reading reading = read(message);
		jdbc.update("update hl7_message set sending_facility = ?, sending_application = ?, control_id = ?, message_type = ?,"
				+ " digest = ? where message_id = ?", reading.facility(), reading.application(), reading.control(), reading.type(),
				reading.digest(), id);
		return reading;
	}

	/**
	 * Applies, oldest first, the messages kept but not yet applied when the server stopped (a crash between
	 * keeping and applying; none of them was acknowledged). Called before the listener opens, so they go
	 * before anything sent since; a sender that sends one again finds it applied.
	 */
	public int recover() {
		List<Long> waiting = jdbc.queryForList("select message_id from hl7_message where status = 'received' order by"
				+ " message_id", Long.class);
		for (long id : waiting) {
			String message = sealing.openText(jdbc.queryForObject("select raw from hl7_message where message_id = ?", String.class,
					id), SEALED);
			Received r = process(id, message, readAgain(id, message));
			log.info("HL7 message {}, kept before the last stop but not applied, is now {}", id, r.status());
		}
		return waiting.size();
	}

	/** A message still "received" this long after it came was cut off mid-way (a crash): it is shown and may be replayed. */
	static final java.time.Duration STUCK = java.time.Duration.ofMinutes(5);

	private Received process(long id, String message, Reading reading) {
		Message parsed = reading.parsed();
		if (parsed == null) {
			return finish(id, "rejected", "The message cannot be read as HL7 v2: " + reading.unreadable(), List.of(), refusal(
					message, "AR", "The message cannot be read as HL7 v2"));
		}
		Terser t = new SegmentCachingTerser(parsed);
		String facility = reading.facility();
		String application = reading.application();
		String control = reading.control();
		String type = reading.type();
		String from = facility == null ? "unknown" : facility;
		byte[] digest = reading.digest();
		String event = V2Fields.get(t, "/MSH-9-2");
		boolean adt = "ADT".equals(V2Fields.get(t, "/MSH-9-1")) && event != null && ADT.contains(event);
		boolean oru = "ORU".equals(V2Fields.get(t, "/MSH-9-1")) && "R01".equals(event);
		boolean mdm = "MDM".equals(V2Fields.get(t, "/MSH-9-1")) && event != null && MDM.contains(event);
		boolean siu = "SIU".equals(V2Fields.get(t, "/MSH-9-1")) && event != null && SIU.contains(event);
		if (!adt && !oru && !mdm && !siu) {
			return finish(id, "rejected", type + " messages are not taken here (ADT, ORU^R01, MDM with content and SIU are)", List
					.of(), ack(parsed, AcknowledgmentCode.AR, type + " messages are not taken here"));
		}
		List<String> written = new ArrayList<>();
		String[] duplicateOf = {null};
		String[] handled = {null};
		try {
			transactions.executeWithoutResult(status -> {
				// One message of a sender at a time: a copy resent on another connection waits, then finds the first applied,
				// and two messages about one new patient cannot both register them.
				jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> {}, "hl7:" + from);
				// Under the sender's lock, the message is applied only if it still waits: a message recovered after a crash
				// that another server finished meanwhile is not applied twice.
				String now = jdbc.queryForObject("select status from hl7_message where message_id = ?", String.class, id);
				if (!"received".equals(now)) {
					handled[0] = now;
					return;
				}
				List<Object[]> earlier = control == null ? List.of() : jdbc.query("select message_id, digest from hl7_message where"
						+ " coalesce(sending_facility, '') = coalesce(?, '') and coalesce(sending_application, '') = coalesce(?, '')"
						+ " and control_id = ? and status = 'processed' and message_id <> ? limit 1", (rs, n) -> new Object[] {rs
								.getLong(1), rs.getBytes(2)}, facility, application, control, id);
				if (!earlier.isEmpty()) {
					if (!java.util.Arrays.equals((byte[]) earlier.get(0)[1], digest)) {
						throw new V2Exception("Control id " + control + " was used already by message " + earlier.get(0)[0]
								+ " with other content: a new message needs a new control id");
					}
					duplicateOf[0] = String.valueOf(earlier.get(0)[0]);
					jdbc.update("update hl7_message set status = 'duplicate', error = ?, processed_at = ? where message_id = ?",
							"The same as message " + duplicateOf[0] + ", applied already", Timestamp.from(clock.instant()), id);
					return;
				}
				AccessContext system = gate.forSystemTask(TASK);
				if (adt) {
					adt(system, t, event, from, written);
				} else if (mdm) {
					documents.apply(system, t, event, from, written);
				} else if (siu) {
					appointments.apply(system, t, event, from, written);
				} else {
					results.apply(system, t, from, written);
				}
				jdbc.update("update hl7_message set status = 'processed', error = null, processed_at = ?, written = ? where"
						+ " message_id = ?", Timestamp.from(clock.instant()), written.toArray(String[]::new), id);
			});
			if (handled[0] != null) {
				return new Received(id, handled[0], "Handled already (by another server)", List.of(), ack(parsed,
						"processed".equals(handled[0]) || "duplicate".equals(handled[0]) ? AcknowledgmentCode.AA
								: AcknowledgmentCode.AE, null));
			}
			if (duplicateOf[0] != null) {
				return new Received(id, "duplicate", "The same as message " + duplicateOf[0] + ", applied already", List.of(), ack(
						parsed, AcknowledgmentCode.AA, null));
			}
			return new Received(id, "processed", null, List.copyOf(written), ack(parsed, AcknowledgmentCode.AA, null));
		} catch (V2Exception | CustodianException e) {
			return finish(id, "error", e.getMessage(), List.of(), ack(parsed, AcknowledgmentCode.AE, e.getMessage()));
		} catch (RuntimeException e) {
			log.error("Message {} could not be applied", id, e);
			return finish(id, "error", "Could not be applied: " + e, List.of(), ack(parsed, AcknowledgmentCode.AE,
					"Could not be applied; kept for staff to review"));
		}
	}

	private void adt(AccessContext system, Terser t, String event, String facility, List<String> written) {
		if (event.equals("A40") || event.equals("A34") || event.equals("A39")) {
			merge(system, t, facility, written);
			return;
		}
		// The patient and the visit are written together, once both are known: one round of statements for the message.
		List<org.custodian.record.RecordStore.Put> pending = new ArrayList<>();
		String patient = records.patient(system, t, "/PID", facility, written, pending);
		if (event.equals("A28") || event.equals("A31")) {
			records.writeAll(system, pending, written);
			return; // a person registered or updated, no visit
		}
		DateTimeType when = records.time(t, "/EVN-2");
		// Admissions, registrations and a cancelled discharge set the state; transfers and updates (A02, A06, A07, A08)
		// leave it as it is, so an update after the discharge does not reopen the stay.
		Encounter.EncounterStatus status = switch (event) {
			case "A03" -> Encounter.EncounterStatus.FINISHED;
			case "A05" -> Encounter.EncounterStatus.PLANNED;
			case "A11" -> Encounter.EncounterStatus.CANCELLED;
			case "A01", "A04", "A13" -> Encounter.EncounterStatus.INPROGRESS;
			default -> null;
		};
		records.encounter(system, t, patient, facility, status, when, event.equals("A03"), event.equals("A13"), written, pending);
		records.writeAll(system, pending, written);
	}

	/**
	 * ADT^A40 (and A34, A39, its older and person-level forms): the sender has merged the patient of MRG
	 * into the patient of PID. The chart known by the
	 * MRG identifiers is merged into the one known by the PID's, as HIM's merge does (every reference
	 * moved, the merge recorded with a Provenance, and undoable by HIM); a chart not known here needs
	 * nothing merged.
	 */
	private void merge(AccessContext system, Terser t, String facility, List<String> written) {
		boolean grouped = V2Fields.get(t, "/PATIENT/MRG-1(0)-1") != null;
		// A40 may carry several patients, each a PID and the MRG merged into it; A34 one, at the root.
		for (int i = 0; i < (grouped ? 50 : 1); i++) {
			String group = grouped ? "/PATIENT(" + i + ")" : "";
			String mrg = grouped ? group + "/MRG-1" : "/.MRG-1";
			if (i > 0 && V2Fields.get(t, mrg + "(0)-1") == null) {
				return;
			}
			String target = records.patient(system, t, grouped ? group + "/PID" : "/PATIENT/PID", facility, written);
			org.hl7.fhir.r4.model.Patient prior = new org.hl7.fhir.r4.model.Patient();
			V2Fields.identifiers(t, mrg, facility, records.naming()).forEach(prior::addIdentifier);
			if (!prior.hasIdentifier()) {
				throw new V2Exception("The merge names no prior patient identifier (MRG-1)");
			}
			org.custodian.record.StoredVersion source = records.byIdentifier(system, "Patient", prior.getIdentifier());
			if (source == null || target.equals("Patient/" + source.id())) {
				continue;
			}
			PatientMerge.Done done = merges.merge(system, new PatientMerge.Request(source.id(), null, target.substring("Patient/"
					.length()), null, "HL7 ADT^A40 from " + facility));
			written.add("Patient/" + source.id());
			written.addAll(done.plan().moved());
		}
	}

	private Received finish(long id, String status, @Nullable String error, List<String> written, String ack) {
		// Only a message still waiting is marked: one another server applied meanwhile stays applied.
		jdbc.update("update hl7_message set status = ?, error = ?, processed_at = ? where message_id = ? and status ="
				+ " 'received'", status, error, Timestamp.from(clock.instant()), id);
		return new Received(id, status, error, written, ack);
	}

	private String ack(Message parsed, AcknowledgmentCode code, @Nullable String reason) {
		try {
			Message ack = parsed.generateACK(code, reason == null ? null : new HL7Exception(reason));
			return parser.encode(ack);
		} catch (HL7Exception | java.io.IOException | RuntimeException e) {
			String message;
			try {
				message = parser.encode(parsed);
			} catch (HL7Exception unreadable) {
				message = "";
			}
			return refusal(message, code.name(), reason == null ? "" : reason);
		}
	}

	/** An acknowledgement written by hand, for a message too broken to answer through the parser. */
	static String refusal(String message, String code, String reason) {
		String control = "";
		String msh = message.split("\r", 2)[0];
		if (msh.startsWith("MSH") && msh.length() > 3) {
			String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(msh.charAt(3))), -1);
			control = fields.length > 9 ? fields[9] : "";
		}
		return "MSH|^~\\&|CUSTODIAN||||" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(java.time
				.LocalDateTime.now(java.time.ZoneOffset.UTC)) + "||ACK|" + System.nanoTime() + "|P|2.5.1\rMSA|" + code + "|" + control
				+ "|" + reason.replaceAll("[|^~\\\\&\\r\\n]", " ") + "\r";
	}

	/** Segments end with a carriage return, whatever the sender or the file used. */
	static String segments(String raw) {
		return raw.strip().replace("\r\n", "\r").replace('\n', '\r') + "\r";
	}

	/** The messages in error (and refused), oldest first, for the error queue. */
	public List<Kept> errors(AccessContext access, int count) {
		requireStaff(access);
		return jdbc.query("select " + COLUMNS + " from hl7_message where status in ('error', 'rejected') or (status = 'received' and"
				+ " received_at < ?) order by received_at limit ?", this::row, Timestamp.from(clock.instant().minus(STUCK)), count)
				.stream().map(k -> shown(access, k)).toList();
	}

	/** How many messages wait in the error queue (a count, for the work queues: no message is read). */
	public int errorCount(AccessContext access) {
		requireStaff(access);
		return jdbc.queryForObject("select count(*) from hl7_message where status in ('error', 'rejected') or (status = 'received'"
				+ " and received_at < ?)", Integer.class, Timestamp.from(clock.instant().minus(STUCK)));
	}

	/** What of a kept message restricted data cannot be seen by this caller is shown of it: that it is there, no more. */
	static final String RESTRICTED = "This message names a patient whose record you may not see; someone cleared for it must"
			+ " correct it.";

	/**
	 * The message as the caller may see it: a message about a patient whose record the gate keeps from the
	 * caller (a very restricted chart, one a consent closes) shows neither its text nor its error.
	 */
	private Kept shown(AccessContext access, Kept k) {
		if (mayRead(access, k.raw())) {
			return k;
		}
		return new Kept(k.id(), k.feed(), k.facility(), k.type(), k.controlId(), k.received(), k.status(), RESTRICTED, "", k
				.replays());
	}

	/**
	 * The patient identifiers (PID-3, as the feed maps them to FHIR systems) of the kept messages that
	 * wrote nothing (kept in error, refused, duplicates), by message: what destroying a chart looks for,
	 * since no written record ties such a message to it. An unreadable message names no one.
	 */
	public java.util.Map<Long, List<org.hl7.fhir.r4.model.Identifier>> unwrittenMessagesPatients() {
		java.util.Map<Long, List<org.hl7.fhir.r4.model.Identifier>> out = new java.util.LinkedHashMap<>();
		jdbc.query("select message_id, raw from hl7_message where cardinality(written) = 0", (org.springframework.jdbc.core
				.RowCallbackHandler) rs -> {
					try {
						Terser t = new SegmentCachingTerser(parser.parse(sealing.openText(rs.getString(2), SEALED)));
						String facility = V2Fields.get(t, "/MSH-4-1");
						if (V2Fields.get(t, "/.PID-3-1") != null) {
							out.put(rs.getLong(1), V2Fields.identifiers(t, "/.PID-3", facility == null ? "unknown" : facility,
									records.naming()));
						}
					} catch (HL7Exception | RuntimeException unreadable) {
						// names no one the store knows
					}
				});
		return out;
	}

	private boolean mayRead(AccessContext access, String raw) {
		Terser t;
		try {
			t = new SegmentCachingTerser(parser.parse(raw));
		} catch (HL7Exception | RuntimeException unreadable) {
			return true; // an unreadable message names nobody the gate knows
		}
		String facility = V2Fields.get(t, "/MSH-4-1");
		String pid = V2Fields.get(t, "/.PID-3-1") != null ? "/.PID-3" : null;
		if (pid == null) {
			return true;
		}
		List<org.hl7.fhir.r4.model.Identifier> ids = V2Fields.identifiers(t, pid, facility == null ? "unknown" : facility, records
				.naming());
		org.custodian.record.StoredVersion known = records.byIdentifier(gate.forSystemTask(TASK), "Patient", ids);
		return known == null || records.readable(access, "Patient/" + known.id());
	}

	/** Messages per feed and status, for the interface monitor. */
	public List<Object[]> counts(AccessContext access) {
		requireStaff(access);
		return jdbc.query("select feed, status, count(*) from hl7_message group by feed, status order by feed, status", (rs,
				n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3)});
	}

	public Kept get(AccessContext access, long id) {
		requireStaff(access);
		return shown(access, raw(id));
	}

	private Kept raw(long id) {
		return jdbc.query("select " + COLUMNS + " from hl7_message where message_id = ?", this::row, id).stream().findFirst()
				.orElseThrow(() -> new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No HL7 message " + id));
	}

	/** What a kept message's sealed text is bound to (its row is not known before it is kept). */
	private static final String SEALED = "hl7_message";

	private static final String COLUMNS = "message_id, feed, sending_facility, message_type, control_id, received_at, status,"
			+ " error, raw, replays";

	private Kept row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new Kept(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6)
				.toInstant(), rs.getString(7), rs.getString(8), sealing.openText(rs.getString(9), SEALED), rs.getInt(10));
	}

	/** The raw messages hold patient data: HIM and interface staff (integration) only. */
	static void requireStaff(AccessContext access) {
		org.custodian.ingest.IngestStaff.require(access, "hl7-messages", "HL7 messages are kept for HIM and interface staff");
	}
}
