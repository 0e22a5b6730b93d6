package org.custodian.ingest.ccda;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.identity.PatientMatcher;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.record.WriteResult;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.ingest.IngestStaff;
import org.custodian.support.CustodianException;
import org.custodian.support.Digests;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * C-CDA documents from other providers into the record. Each document is first committed as it came
 * ({@code ccda_import}); then, unless the same document was imported already (the same bytes),
 * read ({@link CcdaReading}), matched to its patient (the patient staff name; else one of the
 * document's patient identifiers, when the birth date and family name agree; else a certain match
 * of the patient identity service) and written in one transaction through the gate as the
 * caller: its entries (an entry the document identifies is updated, not added again, when a newer
 * document from the same source is imported), the document itself as a DocumentReference, and a
 * Provenance that names the document as the source of all of them. A document whose patient is not
 * found waits as unmatched, with the likeliest patients, until staff attach it; one that cannot be read
 * is refused with the reason. Nothing of a refused or unmatched document is written to the record.
 */
@Service
public class CcdaImport {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CcdaImport.class);

	static final String FORMAT = "urn:hl7-org:sdwg:ccda-structuredBody:2.1";
	private static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

	/** What became of a document. */
	public record Result(long id, String status, @Nullable String patient, @Nullable String documentReference,
			List<String> written, List<String> unmapped, @Nullable String error, List<Candidate> candidates) {}

	/** A chart the document's patient may be, for staff to choose from: its reference and how well it matches. */
	public record Candidate(String patient, String grade) {}

	/** A kept import, for the import results screen. */
	public record Kept(long id, Instant received, String receivedBy, String source, @Nullable String kind,
			@Nullable String title, String status, @Nullable String patient, @Nullable String documentReference, int written,
			List<String> unmapped, @Nullable String error) {}

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final RecordStore store;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final PatientMatcher matcher;
	private final Clock clock;

	private final org.custodian.record.Sealing sealing;

	CcdaImport(JdbcTemplate jdbc, TransactionTemplate transactions, RecordStore store, SearchService search, FhirContext ctx,
			PatientMatcher matcher, Clock clock, org.custodian.record.Sealing sealing) {
		this.sealing = sealing;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.store = store;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, 10, 10);
		this.matcher = matcher;
		this.clock = clock;
	}

	/** Keeps a document and imports it; {@code patient} (an id) when staff already know whose it is. */
	public Result receive(AccessContext access, byte[] document, String source, @Nullable String patient) {
		requireStaff(access);
		if (document.length == 0) {
			throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "The document is empty");
		}
		byte[] digest = Digests.sha256(document);
		boolean seal = sealing.enabled();
		long id = jdbc.queryForObject("insert into ccda_import (received_at, received_by, source, document, digest, status,"
				+ " sealed) values (?, ?, ?, ?, ?, 'received', ?) returning import_id", Long.class, Timestamp.from(clock.instant()),
				access.actor(), source, seal ? sealing.seal(null, document, context(digest)) : document, digest, seal);
		return process(access, id, document, patient, null);
	}

	/** What a kept document's sealed bytes are bound to: its table and digest. */
	private static String context(byte[] digest) {
		return "ccda_import:" + java.util.HexFormat.of().formatHex(digest);
	}

	/** Imports an unmatched (or failed) document again, for the patient staff name. */
	public Result attach(AccessContext access, long id, String patient) {
		requireStaff(access);
		List<byte[]> document = jdbc.query("select document, sealed, digest from ccda_import where import_id = ?", (rs, n) -> rs
				.getBoolean(2) ? sealing.open(rs.getBytes(1), context(rs.getBytes(3))) : rs.getBytes(1), id);
		if (document.isEmpty()) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No C-CDA import " + id);
		}
		return process(access, id, document.get(0), patient, access.actor());
	}

	/** The statuses an import is taken from: a new one, or (attached by staff) one waiting or failed. */
	private static final Set<String> NEW = Set.of("received");
	private static final Set<String> WAITING = Set.of("unmatched", "error");

	private Result process(AccessContext access, long id, byte[] document, @Nullable String patientId,
			@Nullable String attachedBy) {
		Set<String> from = attachedBy == null ? NEW : WAITING;
		CcdaReading reading;
		try {
			reading = CcdaReading.read(document);
		} catch (IOException | RuntimeException | StackOverflowError e) {
			String why = e instanceof StackOverflowError ? "its elements are nested too deeply" : e.getMessage();
			return finish(id, from, "rejected", null, null, List.of(), List.of(), "The document cannot be read as C-CDA: " + why,
					List.of());
		}
		CcdaReading.Header header = reading.header();
		String documentId = header.documentId() == null ? null : header.documentId().getSystem() + "|" + header.documentId()
				.getValue();
		byte[] digest = Digests.sha256(document);
		try {
			return transactions.execute(status -> {
				// One import of the same bytes at a time: a retry, a second click or a second server waits, then finds it done.
				jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> {}, "ccda:" + java.util.HexFormat.of()
						.formatHex(digest));
				String now = jdbc.queryForObject("select status from ccda_import where import_id = ? for update", String.class, id);
				if (!from.contains(now)) {
					throw new CustodianException.Conflict(ErrorCode.INGEST_REFUSED, "Import " + id + " is " + now
							+ (attachedBy == null ? "" : "; only a document waiting for its patient (or failed) is attached"));
				}
				jdbc.update("update ccda_import set document_id = ?, kind = ?, title = ?, attached_by = coalesce(?, attached_by)"
						+ " where import_id = ?", documentId, header.kind(), header.title(), attachedBy, id);
				List<Object[]> earlier = jdbc.query("select import_id, patient, document_reference from ccda_import where status ="
						+ " 'imported' and import_id <> ? and digest = ? limit 1", (rs, n) -> new Object[] {rs.getLong(1), rs.getString(
								2), rs.getString(3)}, id, digest);
				if (!earlier.isEmpty()) {
					String patient = (String) earlier.get(0)[1];
					boolean shown = patient != null && store.readable(access, patient);
					return finish(id, from, "duplicate", shown ? patient : null, shown ? (String) earlier.get(0)[2] : null, List.of(),
							List.of(), "The same document as import " + earlier.get(0)[0] + ", imported already", List.of());
				}
				List<Long> waiting = patientId != null ? List.of() : jdbc.queryForList("select import_id from ccda_import where"
						+ " status = 'unmatched' and import_id <> ? and digest = ? limit 1", Long.class, id, digest);
				if (!waiting.isEmpty()) {
					return finish(id, from, "duplicate", null, null, List.of(), List.of(), "The same document as import " + waiting
							.get(0) + ", which waits for staff to say whose it is", List.of());
				}
				// A document id is meant to be unique, but senders reuse them: another document under the same id is imported,
				// and said so.
				List<Long> sameId = documentId == null ? List.of() : jdbc.queryForList("select import_id from ccda_import where"
						+ " status = 'imported' and import_id <> ? and document_id = ? limit 1", Long.class, id, documentId);
				if (!sameId.isEmpty()) {
					reading.unmapped().add(0, "Import " + sameId.get(0) + " had the same document id (" + documentId + ") with other"
							+ " content: this one is imported as a document of its own");
				}
				StoredVersion patient = patientId != null ? named(access, patientId) : found(access, reading.patient());
				if (patient == null) {
					List<Candidate> likely = matcher.match(access, reading.patient(), 5, false).stream().map(c -> new Candidate(
							"Patient/" + c.patient().id(), c.grade().code())).toList();
					return finish(id, from, "unmatched", null, null, List.of(), reading.unmapped(), "No patient in the record is"
							+ " certainly the document's " + describe(reading.patient()) + ": attach it to the right patient", likely);
				}
				return write(access, id, document, reading, "Patient/" + patient.id());
			});
		} catch (CustodianException.Conflict e) {
			throw e;
		} catch (CustodianException e) {
			return finish(id, from, "error", null, null, List.of(), reading.unmapped(), e.getMessage(), List.of());
		} catch (RuntimeException e) {
			log.error("C-CDA import {} could not be written", id, e);
			return finish(id, from, "error", null, null, List.of(), reading.unmapped(), "Could not be written: " + e, List.of());
		}
	}

	private Result write(AccessContext access, long id, byte[] document, CcdaReading reading, String patient) {
		List<String> written = new ArrayList<>();
		List<String> report = new ArrayList<>(reading.unmapped());
		String label = reading.header().confidentiality();
		boolean restricted = "R".equals(label) || "V".equals(label);
		// Senders give several entries one identifier (twelve vital signs under the organizer's id): those cannot be told
		// apart on a later import, so each is added, never taken for another.
		Map<String, Integer> uses = new java.util.HashMap<>();
		for (CcdaReading.Entry entry : reading.entries()) {
			Identifier i = identifierOf(entry.resource());
			if (i != null) {
				uses.merge(entry.resource().fhirType() + "|" + i.getSystem() + "|" + i.getValue(), 1, Integer::sum);
			}
		}
		long shared = uses.values().stream().filter(n -> n > 1).mapToLong(Integer::longValue).sum();
		if (shared > 0) {
			report.add(shared + " entries share an identifier with another entry of the document: each is kept, and a later"
					+ " import of a document repeating them adds them again");
		}
		for (CcdaReading.Entry entry : reading.entries()) {
			Resource r = entry.resource();
			if (r instanceof DiagnosticReport report2) {
				// Its results were written before it (they come first in the reading): it points at them as stored.
				for (Reference result : report2.getResult()) {
					Resource o = (Resource) result.getResource();
					result.setResource(null);
					result.setReference(o.getIdElement().getValue());
				}
			}
			setPatient(r, patient);
			if (restricted) {
				r.getMeta().addSecurity(CONFIDENTIALITY, label, null);
			}
			Identifier own = identifierOf(r);
			boolean unique = own != null && uses.getOrDefault(r.fhirType() + "|" + own.getSystem() + "|" + own.getValue(), 0) == 1;
			String ref = upsert(access, r, patient, unique);
			r.setId(ref);
			written.add(ref);
		}
		DocumentReference kept = documentReference(reading, document, patient, restricted ? label : null);
		String documentRef = "DocumentReference/" + store.create(access, "DocumentReference", kept, null).version().id();
		Provenance provenance = new Provenance();
		written.forEach(w -> provenance.addTarget(new Reference(w)));
		provenance.addTarget(new Reference(documentRef));
		provenance.setRecorded(java.util.Date.from(clock.instant()));
		provenance.setActivity(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE",
				"create")));
		provenance.addAgent().setType(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler"))).setWho(
						new Reference().setDisplay(access.actor()));
		String source = reading.header().custodian() != null ? reading.header().custodian() : String.join("; ", reading.header()
				.authors());
		if (!source.isBlank()) {
			provenance.addAgent().setType(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/provenance-participant-type", "custodian", "Custodian"))).setWho(
							new Reference().setDisplay(source));
		}
		provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new Reference(documentRef));
		if (restricted) {
			provenance.getMeta().addSecurity(CONFIDENTIALITY, label, null);
		}
		String provenanceRef = "Provenance/" + store.create(access, "Provenance", provenance, null).version().id();
		List<String> all = new ArrayList<>(written);
		all.add(documentRef);
		all.add(provenanceRef);
		jdbc.update("update ccda_import set status = 'imported', patient = ?, document_reference = ?, written = ?, unmapped = ?,"
				+ " error = null, finished_at = ? where import_id = ?", patient, documentRef, all.toArray(String[]::new), report
						.toArray(String[]::new), Timestamp.from(clock.instant()), id);
		return new Result(id, "imported", patient, documentRef, all, report, null, List.of());
	}

	/**
	 * Writes an entry: a new resource, or, when an earlier document from the same source gave the same
	 * entry (its identifier) for this patient, that resource brought up to date (and left alone when
	 * nothing changed).
	 */
	private String upsert(AccessContext access, Resource r, String patient, boolean identifiedAlone) {
		String type = r.fhirType();
		Identifier identifier = identifierOf(r);
		StoredVersion known = null;
		if (identifiedAlone && identifier != null && identifier.hasSystem() && identifier.hasValue()) {
			List<StoredVersion> found = search.firstMatches(access, parser.parse(type, Map.of("identifier", new String[] {
					identifier.getSystem() + "|" + identifier.getValue()}, "patient", new String[] {patient}), true)).resources();
			known = found.size() == 1 ? found.get(0) : null; // two already: they cannot be told apart, so neither is replaced
		}
		r.setId((String) null);
		if (known == null) {
			WriteResult created = store.create(access, type, r, null);
			return type + "/" + created.version().id();
		}
		Resource before = ((Resource) known.resource()).copy();
		before.setId((String) null);
		before.setMeta(null);
		Resource now = r.copy();
		now.setMeta(null);
		if (before.equalsDeep(now)) {
			return type + "/" + known.id();
		}
		store.update(access, type, known.id(), r, null);
		return type + "/" + known.id();
	}

	private static @Nullable Identifier identifierOf(Resource r) {
		List<Identifier> ids = switch (r.fhirType()) {
			case "Condition" -> ((Condition) r).getIdentifier();
			case "AllergyIntolerance" -> ((AllergyIntolerance) r).getIdentifier();
			case "MedicationStatement" -> ((MedicationStatement) r).getIdentifier();
			case "Immunization" -> ((Immunization) r).getIdentifier();
			case "Observation" -> ((Observation) r).getIdentifier();
			case "DiagnosticReport" -> ((DiagnosticReport) r).getIdentifier();
			case "Procedure" -> ((Procedure) r).getIdentifier();
			default -> List.of();
		};
		return ids.isEmpty() ? null : ids.get(0);
	}

	private static void setPatient(Resource r, String patient) {
		Reference subject = new Reference(patient);
		switch (r.fhirType()) {
			case "Condition" -> ((Condition) r).setSubject(subject);
			case "AllergyIntolerance" -> ((AllergyIntolerance) r).setPatient(subject);
			case "MedicationStatement" -> ((MedicationStatement) r).setSubject(subject);
			case "Immunization" -> ((Immunization) r).setPatient(subject);
			case "Observation" -> ((Observation) r).setSubject(subject);
			case "DiagnosticReport" -> ((DiagnosticReport) r).setSubject(subject);
			case "Procedure" -> ((Procedure) r).setSubject(subject);
			default -> throw new IllegalStateException("No patient element known for " + r.fhirType());
		}
	}

	/** The document itself, whole, as a DocumentReference: what the record shows and releases as received. */
	private DocumentReference documentReference(CcdaReading reading, byte[] document, String patient, @Nullable String label) {
		CcdaReading.Header h = reading.header();
		DocumentReference d = new DocumentReference();
		if (h.documentId() != null) {
			d.setMasterIdentifier(h.documentId().copy());
		}
		if (h.setId() != null) {
			d.addIdentifier(h.setId().copy());
		}
		d.setStatus(DocumentReferenceStatus.CURRENT);
		d.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
		d.setType(h.type() != null ? h.type().copy() : new CodeableConcept().setText(h.kind()));
		d.addCategory(new CodeableConcept(new Coding("http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
				"clinical-note", "Clinical Note")));
		d.setSubject(new Reference(patient));
		d.setDate(java.util.Date.from(clock.instant()));
		d.setDescription(h.kind() + (h.custodian() != null ? " from " + h.custodian() : "") + " (C-CDA, imported)");
		if (h.date() != null) {
			d.getContext().getPeriod().setStartElement(h.date());
		}
		if (label != null) {
			d.addSecurityLabel(new CodeableConcept(new Coding(CONFIDENTIALITY, label, null)));
			d.getMeta().addSecurity(CONFIDENTIALITY, label, null);
		}
		Attachment content = new Attachment().setContentType("application/xml").setData(document).setSize(document.length)
				.setHash(Digests.sha1(document)).setTitle(h.title() != null ? h.title() : h.kind());
		if (h.date() != null) {
			content.setCreationElement(h.date());
		}
		d.addContent().setAttachment(content).setFormat(new Coding("http://ihe.net/fhir/ValueSet/IHE.FormatCode.codesystem",
				FORMAT, "C-CDA R2.1 structured body"));
		return d;
	}

	/** The patient staff named, read through the gate (so a chart the caller may not see cannot be chosen). */
	private StoredVersion named(AccessContext access, String patientId) {
		String id = patientId.startsWith("Patient/") ? patientId.substring("Patient/".length()) : patientId;
		return store.read(access, "Patient", id);
	}

	/** The document's patient in the record: by an identifier the document gives (the birth date agreeing), else a certain match. */
	private @Nullable StoredVersion found(AccessContext access, Patient from) {
		for (Identifier i : from.getIdentifier()) {
			List<StoredVersion> hits = search.firstMatches(access, parser.parse("Patient", Map.of("identifier", new String[] {i
					.getSystem() + "|" + i.getValue()}), true)).resources();
			if (hits.size() == 1 && agrees((Patient) hits.get(0).resource(), from)) {
				return hits.get(0);
			}
		}
		List<PatientMatcher.Candidate> certain = matcher.match(access, from, 1, true);
		return certain.isEmpty() ? null : certain.get(0).patient();
	}

	/**
	 * Whether the chart an identifier found is the document's patient by the rest of what it says: the
	 * same date of birth and family name. Identifiers in documents from outside are mistyped, reused
	 * and sometimes not the patient's (an SSN of a guarantor): an identifier alone files nothing.
	 */
	private static boolean agrees(Patient chart, Patient document) {
		if (!chart.hasBirthDate() || !document.hasBirthDate() || !chart.getBirthDateElement().getValueAsString().equals(document
				.getBirthDateElement().getValueAsString())) {
			return false;
		}
		return chart.getName().stream().anyMatch(c -> c.hasFamily() && document.getName().stream().anyMatch(d -> d.hasFamily()
				&& d.getFamily().equalsIgnoreCase(c.getFamily())));
	}

	private static String describe(Patient p) {
		String name = p.hasName() ? p.getNameFirstRep().getNameAsSingleString() : "unnamed";
		return "(" + name + (p.hasBirthDate() ? ", born " + p.getBirthDateElement().getValueAsString() : "") + ")";
	}

	/** Records what became of an import, if it is still in one of the statuses it was taken from. */
	private Result finish(long id, Set<String> from, String status, @Nullable String patient, @Nullable String documentReference,
			List<String> written, List<String> unmapped, @Nullable String error, List<Candidate> candidates) {
		jdbc.update("update ccda_import set status = ?, patient = ?, document_reference = ?, written = ?, unmapped = ?, error = ?,"
				+ " finished_at = ? where import_id = ? and status = any(?)", status, patient, documentReference, written.toArray(
						String[]::new), unmapped.toArray(String[]::new), error, Timestamp.from(clock.instant()), id, from.toArray(
								String[]::new));
		return new Result(id, status, patient, documentReference, written, unmapped, error, candidates);
	}

	/** The imports, newest first: those about a patient the caller may not see show that they are there, no more. */
	public List<Kept> recent(AccessContext access, int count) {
		requireStaff(access);
		return jdbc.query("select " + COLUMNS + " from ccda_import order by import_id desc limit ?", CcdaImport::row, count)
				.stream().map(k -> shown(access, k)).toList();
	}

	public Kept get(AccessContext access, long id) {
		requireStaff(access);
		return jdbc.query("select " + COLUMNS + " from ccda_import where import_id = ?", CcdaImport::row, id).stream().findFirst()
				.map(k -> shown(access, k)).orElseThrow(() -> new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND,
						"No C-CDA import " + id));
	}

	private static final String COLUMNS = "import_id, received_at, received_by, source, kind, title, status, patient,"
			+ " document_reference, cardinality(written), unmapped, error";

	private static Kept row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new Kept(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5), rs
				.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), Arrays.asList((String[]) rs
						.getArray(11).getArray()), rs.getString(12));
	}

	private Kept shown(AccessContext access, Kept k) {
		if (k.patient() == null || store.readable(access, k.patient())) {
			return k;
		}
		return new Kept(k.id(), k.received(), k.receivedBy(), k.source(), k.kind(), null, k.status(), null, null, k.written(),
				List.of(), "This document is about a patient whose record you may not see");
	}

	/** Documents from outside are imported by HIM and interface staff (integration), and from the server host's command line. */
	static void requireStaff(AccessContext access) {
		IngestStaff.require(access, "ccda-import", "C-CDA documents are imported by HIM and interface staff");
	}

}
