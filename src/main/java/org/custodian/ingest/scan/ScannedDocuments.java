package org.custodian.ingest.scan;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditTrail;
import org.custodian.identity.PatientMatcher;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.ingest.IngestStaff;
import org.custodian.support.CustodianException;
import org.custodian.support.Digests;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * Scanned and uploaded paper, from upload to the chart. Each file is kept as it came before anything
 * else; the reader ({@link #readWaiting}, every few seconds) reads its pages (their own text, else
 * OCR), notes blank, turned and unreadable pages, and suggests the patient (a medical record number on
 * the page naming one chart; else the name and date of birth, matched by the patient identity service)
 * and the document type. It then waits in the indexing queue until a clerk files it to a patient (a
 * DocumentReference holding the file, with its text as the narrative so that it is found by a search
 * of the chart) or sets it aside with the reason.
 */
@Service
public class ScannedDocuments {

	private static final Logger log = LoggerFactory.getLogger(ScannedDocuments.class);
	static final String TASK = "scan-reader";
	private static final String LOINC = "http://loinc.org";

	/** A file as uploaded. */
	public record Upload(String name, String contentType, byte[] content) {}

	/** A kept scan, for the indexing queue. */
	public record Scan(long id, Instant received, String receivedBy, String batch, String fileName, String contentType,
			String status, @Nullable Integer pages, List<String> pageNotes, @Nullable String text,
			@Nullable String suggestedPatient, @Nullable String suggestedType, List<String> reasons, @Nullable String patient,
			@Nullable String documentReference, @Nullable String note) {}

	private final JdbcTemplate jdbc;
	private final RecordStore store;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final PatientMatcher matcher;
	private final AccessGate gate;
	private final AuditTrail trail;
	private final Ocr ocr;
	private final Clock clock;
	private final TransactionTemplate transactions;

	private final org.custodian.record.Sealing sealing;

	ScannedDocuments(JdbcTemplate jdbc, TransactionTemplate transactions, RecordStore store, SearchService search,
			FhirContext ctx, PatientMatcher matcher, AccessGate gate, AuditTrail trail, Ocr ocr, Clock clock,
			org.custodian.record.Sealing sealing) {
		this.sealing = sealing;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.store = store;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, 10, 10);
		this.matcher = matcher;
		this.gate = gate;
		this.trail = trail;
		this.ocr = ocr;
		this.clock = clock;
	}

	/** The document types a scan is filed as: LOINC codes and their names, in the order offered. */
	public static Map<String, String> documentTypes() {
		Map<String, String> types = new java.util.LinkedHashMap<>();
		IndexSuggestions.TYPES.values().forEach(t -> types.putIfAbsent(t[0], t[1]));
		return types;
	}

	/** Keeps the files of one upload (a batch); answers their numbers. They are read by the next round of the reader. */
	public List<Long> upload(AccessContext access, List<Upload> files) {
		requireStaff(access);
		String batch = UUID.randomUUID().toString().substring(0, 8);
		List<Long> ids = new ArrayList<>();
		for (Upload f : files) {
			if (f.content().length == 0) {
				continue;
			}
			byte[] digest = Digests.sha256(f.content());
			boolean seal = sealing.enabled();
			ids.add(jdbc.queryForObject("insert into scan_document (received_at, received_by, batch, file_name, content_type,"
					+ " content, digest, status, sealed) values (?, ?, ?, ?, ?, ?, ?, 'received', ?) returning scan_id", Long.class,
					Timestamp.from(clock.instant()), access.actor(), batch, f.name(), f.contentType(), seal ? sealing.seal(null,
							f.content(), context(digest)) : f.content(), digest, seal));
		}
		if (ids.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "No file to keep: choose one or more PDFs or images");
		}
		return ids;
	}

	/** Reads the files waiting to be read, oldest first; answers how many. */
	public int readWaiting() {
		List<Long> waiting = jdbc.queryForList("select scan_id from scan_document where status = 'received' order by scan_id limit"
				+ " 20", Long.class);
		for (long id : waiting) {
			read(id);
		}
		return waiting.size();
	}

	private void read(long id) {
		try {
			readPages(id);
		} catch (RuntimeException | OutOfMemoryError e) {
			// Whatever a file does to the reader, it goes to the clerk with the reason, and the next file is read.
			log.warn("Scan {} could not be read: {}", id, e.toString());
			jdbc.update("update scan_document set status = 'indexing', page_notes = ? where scan_id = ? and status = 'received'",
					new String[] {"the file could not be read: " + e.getClass().getSimpleName()}, id);
		}
	}

	private void readPages(long id) {
		Map<String, Object> row = jdbc.queryForMap("select content_type from scan_document where scan_id = ?", id);
		byte[] content = content(id);
		List<String> notes = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		Integer pages = null;
		try {
			List<ScannedPages.Page> read = ScannedPages.read(content, (String) row.get("content_type"), ocr);
			pages = read.size();
			for (ScannedPages.Page p : read) {
				if (p.note() != null) {
					notes.add("page " + p.number() + ": " + p.note());
				}
				if (p.text() != null) {
					text.append(text.length() == 0 ? "" : "\n\n").append(p.text().replace('\u0000', ' ')); // PostgreSQL text holds no NUL
				}
			}
		} catch (IOException | RuntimeException e) {
			log.warn("Scan {} could not be read: {}", id, e.toString());
			notes.add("the file could not be read: " + e.getMessage());
		}
		String suggestedPatient = null;
		String suggestedType = null;
		List<String> reasons = new ArrayList<>();
		if (text.length() > 0) {
			IndexSuggestions.Found found = IndexSuggestions.find(text.toString());
			suggestedPatient = patient(found, reasons);
			if (found.type() != null) {
				suggestedType = found.type()[0];
				reasons.add("type: the page is titled as a " + found.type()[1].toLowerCase());
			}
		}
		jdbc.update("update scan_document set status = 'indexing', pages = ?, page_notes = ?, text = ?, suggested_patient = ?,"
				+ " suggested_type = ?, suggestion_reasons = ? where scan_id = ? and status = 'received'", pages, notes.toArray(
						String[]::new), text.length() == 0 ? null : text.toString(), suggestedPatient, suggestedType, reasons.toArray(
								String[]::new), id);
	}

	/** The patient the page names: by a record number naming one chart, else by name and date of birth. */
	private @Nullable String patient(IndexSuggestions.Found found, List<String> reasons) {
		AccessContext system = gate.forSystemTask(TASK);
		List<String> read = new ArrayList<>();
		String suggested = null;
		for (String mrn : found.mrns()) {
			List<StoredVersion> hits = search.firstMatches(system, parser.parse("Patient", Map.of("identifier", new String[] {
					mrn}), true)).resources();
			hits.forEach(h -> read.add("Patient/" + h.id()));
			if (hits.size() == 1) {
				suggested = "Patient/" + hits.get(0).id();
				Patient p = (Patient) hits.get(0).resource();
				boolean sameBirth = found.births().isEmpty() || p.hasBirthDate() && found.births().stream().anyMatch(b -> b.toString()
						.equals(p.getBirthDateElement().getValueAsString()));
				reasons.add("patient: record number " + mrn + " on the page is this chart's" + (sameBirth ? ""
						: ", but the date of birth on the page is not: check before filing"));
				break;
			}
		}
		if (suggested == null && found.family() != null) {
			Patient wanted = new Patient();
			wanted.addName().setFamily(found.family()).addGiven(found.given());
			if (!found.births().isEmpty()) {
				wanted.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(found.births().get(0).toString()));
			}
			for (PatientMatcher.Candidate c : matcher.match(system, wanted, 1, false)) {
				read.add("Patient/" + c.patient().id());
				if (c.grade() == PatientMatcher.Grade.CERTAIN || c.grade() == PatientMatcher.Grade.PROBABLE) {
					suggested = "Patient/" + c.patient().id();
					reasons.add("patient: " + found.given() + " " + found.family() + (found.births().isEmpty() ? "" : ", born "
							+ found.births().get(0)) + " on the page, a " + c.grade().code() + " match");
				}
			}
		}
		if (!read.isEmpty()) {
			// The reader looked these charts up through the gate as itself: recorded like any other read.
			trail.record(new AuditRecord(clock.instant(), "task", 'R', TASK, AuditRecord.SUCCESS, "system:" + TASK, null,
					"custodian", List.of(), "HOPERAT", "internal", read.stream().distinct().toList(), read.stream().distinct()
							.toList(), null, "patients looked up to suggest whose a scanned document is", false));
		}
		return suggested;
	}

	/** The scans waiting for a clerk (and those still being read), oldest first. */
	public List<Scan> queue(AccessContext access, int count) {
		requireStaff(access);
		return jdbc.query("select " + COLUMNS + " from scan_document where status in ('received', 'indexing') order by scan_id"
				+ " limit ?", ScannedDocuments::row, count).stream().map(s -> shown(access, s)).toList();
	}

	/** The scans filed or set aside lately, newest first. */
	public List<Scan> done(AccessContext access, int count) {
		requireStaff(access);
		return jdbc.query("select " + COLUMNS + " from scan_document where status in ('filed', 'set-aside') order by indexed_at"
				+ " desc limit ?", ScannedDocuments::row, count).stream().map(s -> shown(access, s)).toList();
	}

	public Scan get(AccessContext access, long id) {
		requireStaff(access);
		return jdbc.query("select " + COLUMNS + " from scan_document where scan_id = ?", ScannedDocuments::row, id).stream()
				.findFirst().map(s -> shown(access, s)).orElseThrow(() -> new CustodianException.NotFound(
						ErrorCode.RESOURCE_NOT_FOUND, "No scanned document " + id));
	}

	/**
	 * The file, for the clerk to look at: once filed, read from its DocumentReference through the gate
	 * (so a chart, or a label, the caller may not see keeps it from them); before, as it came.
	 */
	public byte[] content(AccessContext access, long id) {
		requireStaff(access);
		List<String[]> rows = jdbc.query("select document_reference, patient from scan_document where scan_id = ?", (rs,
				n) -> new String[] {rs.getString(1), rs.getString(2)}, id);
		if (rows.isEmpty()) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No scanned document " + id);
		}
		String filed = rows.get(0)[0];
		String patient = rows.get(0)[1];
		if (patient != null && !store.readable(access, patient)) {
			// As the chart's own page would: a chart the caller may not see (a very restricted one, one a consent closes).
			throw access.refused("scan-view", "DocumentReference", null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "This scan is"
					+ " filed to a patient whose record you may not see");
		}
		if (filed != null) {
			DocumentReference d = (DocumentReference) store.read(access, "DocumentReference", filed.substring(
					"DocumentReference/".length())).resource();
			return d.getContentFirstRep().getAttachment().getData();
		}
		return content(id);
	}

	/** The file as it came (opened, if kept sealed). */
	private byte[] content(long id) {
		return jdbc.queryForObject("select content, sealed, digest from scan_document where scan_id = ?", (rs, n) -> rs
				.getBoolean(2) ? sealing.open(rs.getBytes(1), context(rs.getBytes(3))) : rs.getBytes(1), id);
	}

	/** What a kept file's sealed bytes are bound to: its table and digest. */
	private static String context(byte[] digest) {
		return "scan_document:" + java.util.HexFormat.of().formatHex(digest);
	}

	/**
	 * Files a scan to a patient as a DocumentReference of the given LOINC type (the caller writes it, through the gate).
	 * Answers its reference.
	 */
	public String file(AccessContext access, long id, String patient, String typeCode) {
		requireStaff(access);
		// One filing of a scan: the row is held while the document is written, so a second clerk (or a second click, or
		// setting it aside) waits and then finds it filed.
		return transactions.execute(status -> {
			jdbc.queryForObject("select status from scan_document where scan_id = ? for update", String.class, id);
			return fileHeld(access, id, patient, typeCode);
		});
	}

	private String fileHeld(AccessContext access, long id, String patient, String typeCode) {
		Scan scan = get(access, id);
		if (!scan.status().equals("indexing")) {
			throw new CustodianException.Conflict(ErrorCode.INGEST_REFUSED, "Scan " + id + " is " + scan.status() + ", not waiting"
					+ " to be filed");
		}
		String patientId = patient.startsWith("Patient/") ? patient.substring("Patient/".length()) : patient;
		store.read(access, "Patient", patientId); // a chart the clerk may not see cannot be filed to
		String[] type = IndexSuggestions.TYPES.values().stream().filter(t -> t[0].equals(typeCode)).findFirst().orElse(null);
		if (type == null) {
			throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "Unknown document type " + typeCode + ": one of "
					+ String.join(", ", IndexSuggestions.TYPES.values().stream().map(t -> t[0] + " " + t[1]).distinct().toList()));
		}
		byte[] content = content(access, id);
		DocumentReference d = new DocumentReference();
		d.setStatus(DocumentReferenceStatus.CURRENT).setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
		d.setType(new CodeableConcept(new Coding(LOINC, type[0], type[1])));
		d.addCategory(new CodeableConcept(new Coding("http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
				"clinical-note", "Clinical Note")));
		d.setSubject(new Reference("Patient/" + patientId));
		d.setDate(java.util.Date.from(clock.instant()));
		d.setDescription("Scanned " + scan.fileName() + (scan.pages() == null ? "" : ", " + scan.pages() + (scan.pages() == 1
				? " page" : " pages")) + (scan.pageNotes().isEmpty() ? "" : " (" + String.join("; ", scan.pageNotes()) + ")"));
		d.addContent().setAttachment(new Attachment().setContentType(scan.contentType()).setData(content).setSize(content.length)
				.setHash(Digests.sha1(content)).setTitle(scan.fileName()));
		if (scan.text() != null) {
			// The page text as the narrative: a search of the chart's documents (_text, _content) finds the words on the paper.
			Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
			narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><pre>" + escape(scan.text()) + "</pre></div>");
			d.setText(narrative);
		}
		String ref = "DocumentReference/" + store.create(access, "DocumentReference", d, null).version().id();
		int taken = jdbc.update("update scan_document set status = 'filed', patient = ?, document_type = ?, document_reference = ?,"
				+ " indexed_by = ?, indexed_at = ? where scan_id = ? and status = 'indexing'", "Patient/" + patientId, type[0], ref,
				access.actor(), Timestamp.from(clock.instant()), id);
		if (taken == 0) {
			throw new CustodianException.Conflict(ErrorCode.INGEST_REFUSED, "Scan " + id + " was filed by someone else meanwhile");
		}
		return ref;
	}

	/** Sets a scan aside (a blank batch separator, a duplicate, a page of someone else's), with the reason. */
	public void setAside(AccessContext access, long id, String reason) {
		requireStaff(access);
		if (reason.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "Say why the scan is set aside");
		}
		int taken = jdbc.update("update scan_document set status = 'set-aside', note = ?, indexed_by = ?, indexed_at = ? where"
				+ " scan_id = ? and status in ('received', 'indexing')", reason.strip(), access.actor(), Timestamp.from(clock
						.instant()), id);
		if (taken == 0) {
			throw new CustodianException.Conflict(ErrorCode.INGEST_REFUSED, "Scan " + id + " is not waiting to be indexed");
		}
	}

	private static final String COLUMNS = "scan_id, received_at, received_by, batch, file_name, content_type, status, pages,"
			+ " page_notes, text, suggested_patient, suggested_type, suggestion_reasons, patient, document_reference, note";

	private static Scan row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		int pages = rs.getInt(8);
		return new Scan(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5), rs
				.getString(6), rs.getString(7), rs.wasNull() ? null : pages, Arrays.asList((String[]) rs.getArray(9).getArray()), rs
						.getString(10), rs.getString(11), rs.getString(12), Arrays.asList((String[]) rs.getArray(13).getArray()), rs
								.getString(14), rs.getString(15), rs.getString(16));
	}

	/** A suggestion or filing names a chart the caller may not see: that part is not shown. */
	private Scan shown(AccessContext access, Scan s) {
		String suggested = s.suggestedPatient() != null && store.readable(access, s.suggestedPatient()) ? s.suggestedPatient() : null;
		if (s.patient() != null && !store.readable(access, s.patient())) {
			return new Scan(s.id(), s.received(), s.receivedBy(), s.batch(), s.fileName(), s.contentType(), s.status(), s.pages(),
					List.of(), null, null, null, List.of(), null, null, "Filed to a patient whose record you may not see");
		}
		return suggested == null && s.suggestedPatient() != null ? new Scan(s.id(), s.received(), s.receivedBy(), s.batch(), s
				.fileName(), s.contentType(), s.status(), s.pages(), s.pageNotes(), s.text(), null, s.suggestedType(), s.reasons()
						.stream().filter(r -> !r.startsWith("patient:")).toList(), s.patient(), s.documentReference(), s.note()) : s;
	}

	static void requireStaff(AccessContext access) {
		IngestStaff.require(access, "scan-indexing", "Scanned documents are indexed by HIM");
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
