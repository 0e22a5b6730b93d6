package org.custodian.completion;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.record.WriteResult;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Signature;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * Authenticating clinical entries (notes and documents: DocumentReference and Composition). The
 * author signs; the signature binds them to a SHA-256 digest of the entry's content
 * ({@link SignedContent}) and is recorded twice in one transaction: in {@code entry_signature}, which
 * the lock ({@link SignedEntryLock}) reads, and as a FHIR Provenance naming the signer, their role,
 * the time and the version signed. A trainee's signature (a practitioner whose role is a configured
 * trainee role) names the supervising physician and leaves the entry preliminary until that physician
 * co-signs. A signature can be verified at any time: the entry's content still has the signed digest.
 */
@Service
public class EntrySignatures {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EntrySignatures.class);

	/** ASTM E1762 signature types, as FHIR's signature-type value set has them. */
	static final String SIGNATURE_TYPES = "urn:iso-astm:E1762-95:2013";
	static final Coding AUTHOR = new Coding(SIGNATURE_TYPES, "1.2.840.10065.1.12.1.1", "Author's Signature");
	static final Coding VERIFICATION = new Coding(SIGNATURE_TYPES, "1.2.840.10065.1.12.1.5", "Verification Signature");

	/** One signature on an entry, and whether the entry still matches it. */
	public record Kept(String kind, String signer, String role, String username, @Nullable String supervisor, int version,
			String digest, Instant at, @Nullable String provenance) {}

	/** What signing did: the signature, and whether the entry now awaits a co-signature. */
	public record Signed(String entry, String patient, Kept signature, boolean awaitingCosignature, @Nullable String encounter) {}

	/** An entry's signatures, whether its content still matches them, and the entries that append to or replace it. */
	public record Verification(String entry, @Nullable String patient, boolean signed, boolean intact, List<Kept> signatures, List<Related> related) {}

	/** An entry that appends to (an addendum) or replaces (a correction) another. */
	public record Related(String entry, String relation, @Nullable String description) {}

	private final RecordStore store;
	private final AccessGate gate;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final FhirContext ctx;
	private final Clock clock;
	private final Set<String> traineeRoles;
	private final ChartDeficiencies deficiencies;
	private final AuditTrail trail;
	private final AuditRecords records;

	EntrySignatures(RecordStore store, AccessGate gate, SearchService search, JdbcTemplate jdbc, TransactionTemplate transactions,
			FhirContext ctx, Clock clock, ChartDeficiencies deficiencies, AuditTrail trail, @Value("${custodian.completion.trainee-roles:"
					+ "http://snomed.info/sct|405277009,http://snomed.info/sct|398130009}") List<String> traineeRoles) {
		this.store = store;
		this.gate = gate;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, 50, 50);
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.ctx = ctx;
		this.clock = clock;
		this.traineeRoles = Set.copyOf(traineeRoles);
		this.deficiencies = deficiencies;
		this.trail = trail;
		this.records = new AuditRecords(ctx);
	}

	/**
	 * Signs the entry as the signed-in practitioner: its author's signature (naming {@code supervisor}
	 * when the signer is a trainee), or the supervisor's co-signature of a trainee's entry.
	 */
	public Signed sign(AccessContext access, String type, String id, @Nullable String supervisor) {
		return sign(access, type, id, supervisor, null);
	}

	/**
	 * As above, refusing (412) when the entry is no longer at {@code seenVersion}, the version the signer
	 * read: nobody signs what they have not seen.
	 */
	public Signed sign(AccessContext access, String type, String id, @Nullable String supervisor,
			@Nullable Integer seenVersion) {
		if (!SignedContent.TYPES.contains(type)) {
			throw refused(type + " is not signed: notes, documents and orders (DocumentReference, Composition, ServiceRequest,"
					+ " MedicationRequest) are");
		}
		String signer = access.fhirUser();
		if (signer == null || !signer.startsWith("Practitioner/")) {
			throw refused("Entries are signed by practitioners: this account is linked to no Practitioner");
		}
		Signed signed = transactions.execute(status -> {
			StoredVersion current = store.read(access, type, id);
			if (seenVersion != null && seenVersion != current.version()) {
				throw new CustodianException.PreconditionFailed(ErrorCode.VERSION_CONFLICT, type + "/" + id + " has changed since"
						+ " you read it (version " + seenVersion + ", now " + current.version() + "): read it again before signing");
			}
			IBaseResource entry = current.resource();
			if (entry instanceof DocumentReference d && d.getStatus() != org.hl7.fhir.r4.model.Enumerations
					.DocumentReferenceStatus.CURRENT) {
				throw refused(type + "/" + id + " is " + d.getStatus().toCode() + ": only a current entry is signed");
			}
			List<Kept> before = signatures(type + "/" + id);
			Kept last = before.isEmpty() ? null : before.get(before.size() - 1);
			boolean cosigning = last != null && last.supervisor() != null && last.kind().equals("author");
			String role = role(access, signer);
			String awaited = null;
			if (cosigning) {
				if (!signer.equals(last.supervisor())) {
					throw refused(type + "/" + id + " awaits the co-signature of " + last.supervisor() + ", not " + signer);
				}
			} else if (last != null) {
				throw refused(type + "/" + id + " is signed already (by " + last.signer() + "): correct it with an addendum");
			} else {
				if (!authors(entry).contains(signer)) {
					throw refused(type + "/" + id + " is signed by its author; " + signer + " is not among " + authors(entry));
				}
				if (isTrainee(access, signer)) {
					if (supervisor == null || !supervisor.startsWith("Practitioner/")) {
						throw refused("A trainee's entry is co-signed: name the supervising practitioner (supervisor)");
					}
					if (supervisor.equals(signer) || isTrainee(access, supervisor)) {
						throw refused("A trainee's entry is co-signed by a supervising practitioner who is not a trainee, not by "
								+ supervisor);
					}
					name(access, supervisor); // the supervisor exists, and the signer may see them
					awaited = supervisor;
				}
			}
			Instant at = clock.instant();
			String authenticator = awaited == null ? signer : null;
			SignedContent.authenticate(entry, authenticator, authenticator == null ? null : name(access, authenticator), Date.from(
					at));
			byte[] digest = SignedContent.digest(ctx, entry);
			if (cosigning && !SignedContent.hex(digest).equals(last.digest())) {
				throw new CustodianException.Conflict(ErrorCode.ENTRY_SIGNED, type + "/" + id + " no longer matches the"
						+ " signature it is co-signed on");
			}
			String patient = patient(entry);
			String kind = cosigning ? "cosign" : "author";
			// The signature first: the lock then lets the entry be written in exactly the state it records.
			long signatureId = jdbc.queryForObject("insert into entry_signature (entry, patient, digest, kind, signer,"
					+ " signer_role, username, supervisor, authenticator, doc_status, signed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?,"
					+ " ?, ?) returning signature_id", Long.class, type + "/" + id, patient, digest, kind, signer, role, access
							.actor(), awaited, SignedContent.authenticator(entry), SignedContent.docStatus(entry), Timestamp.from(at));
			WriteResult written = store.update(access, type, id, entry, current.version());
			int version = written.version() == null ? current.version() : written.version().version();
			Provenance provenance = provenance(type + "/" + id + "/_history/" + version, signer, role, cosigning,
					digest, at);
			// Kept by the signing itself: a Provenance about a document is in no patient's compartment, so the
			// signer's own access (bounded by their patients) could not write it; the entry's update above was theirs.
			WriteResult kept = store.create(gate.forSystemTask("entry-signatures"), "Provenance", provenance, null);
			String provenanceRef = "Provenance/" + kept.version().id();
			jdbc.update("update entry_signature set version = ?, provenance = ? where signature_id = ?", version, provenanceRef,
					signatureId);
			return new Signed(type + "/" + id, patient == null ? "" : patient, new Kept(kind, signer, role, access.actor(),
					awaited, version, SignedContent.hex(digest), at, provenanceRef), awaited != null, ChartDeficiencies.encounterOf(entry));
		});
		// The digest goes into the sealed audit trail too, where a change made around the store cannot follow it.
		trail.record(records.of(access, "rest", 'U', "entry-signature", AuditRecord.SUCCESS, new AuditRecords.Touched().patient(
				signed.patient()).entity(signed.entry() + "/_history/" + signed.signature().version()), null, signed.signature()
						.kind() + " sha256=" + signed.signature().digest()));
		if (signed.encounter() != null) {
			try {
				deficiencies.review(signed.encounter()); // the deficiency the signature completes closes at once
			} catch (RuntimeException e) {
				// The signature stands; the periodic review closes the deficiency (it may be reviewing this chart now).
				log.warn("Reviewing Encounter/{} after a signature failed: {}", signed.encounter(), e.toString());
			}
		}
		return signed;
	}


	/** The entry's signatures, whether its current content still matches them, and its addenda and corrections. */
	public Verification verify(AccessContext access, String type, String id) {
		StoredVersion current = store.read(access, type, id);
		List<Kept> signatures = signatures(type + "/" + id);
		byte[] now = SignedContent.digest(ctx, current.resource());
		boolean intact = signatures.stream().allMatch(s -> Arrays.equals(java.util.HexFormat.of().parseHex(s.digest()), now));
		List<Related> related = List.of();
		if (type.equals("DocumentReference")) {
			related = search.firstMatches(access, parser.parse("DocumentReference", Map.of("relatesto", new String[] {type + "/"
					+ id}), true)).resources().stream().map(v -> {
						DocumentReference d = (DocumentReference) v.resource();
						String relation = d.getRelatesTo().stream().filter(r -> (type + "/" + id).equals(r.getTarget()
								.getReference())).map(r -> r.getCode().toCode()).findFirst().orElse("");
						return new Related("DocumentReference/" + v.id(), relation, d.getDescription());
					}).toList();
		}
		return new Verification(type + "/" + id, patient(current.resource()), !signatures.isEmpty(), intact, signatures, related);
	}

	/** An entry as the signer reads it before signing: its title and text, and whether they sign it as a trainee. */
	public record Readable(String reference, int version, String title, String text, boolean trainee, List<Person> supervisors) {}

	/** A practitioner offered as the supervisor: the encounter's other practitioners. */
	public record Person(String reference, String name) {}

	/**
	 * Reads the entry {@code reference} ({@code Type/id}) with the caller's access, for the caller to
	 * read before signing it, with the practitioners who may co-sign it when the caller is a trainee.
	 */
	public Readable readable(AccessContext access, String reference) {
		int slash = reference.indexOf('/');
		String type = slash < 0 ? "" : reference.substring(0, slash);
		if (!SignedContent.TYPES.contains(type)) {
			throw refused(reference + " is not an entry that is signed");
		}
		StoredVersion stored = store.read(access, type, reference.substring(slash + 1));
		IBaseResource entry = stored.resource();
		String title;
		StringBuilder text = new StringBuilder();
		if (entry instanceof DocumentReference d) {
			title = d.hasDescription() ? d.getDescription() : d.getType().hasText() ? d.getType().getText() : d.getType()
					.getCodingFirstRep().getDisplay();
			d.getContent().stream().map(DocumentReference.DocumentReferenceContentComponent::getAttachment).filter(a -> a.hasData()
					&& a.getContentType() != null && a.getContentType().startsWith("text/")).forEach(a -> text.append(new String(a
							.getData(), java.nio.charset.StandardCharsets.UTF_8)).append('\n'));
		} else if (entry instanceof Composition c) {
			title = c.getTitle();
			c.getSection().forEach(x -> text.append(x.getTitle()).append('\n'));
		} else if (entry instanceof org.hl7.fhir.r4.model.MedicationRequest m) {
			title = "Medication order: " + (m.hasMedicationCodeableConcept() ? m.getMedicationCodeableConcept().getCodingFirstRep()
					.getDisplay() : "medication");
			m.getDosageInstruction().forEach(x -> text.append(x.getText() == null ? "" : x.getText()).append('\n'));
		} else {
			org.hl7.fhir.r4.model.ServiceRequest o = (org.hl7.fhir.r4.model.ServiceRequest) entry;
			title = "Order: " + (o.getCode().hasText() ? o.getCode().getText() : o.getCode().getCodingFirstRep().getDisplay());
		}
		String signer = access.fhirUser();
		boolean trainee = signer != null && signer.startsWith("Practitioner/") && isTrainee(access, signer) && signatures(
				reference).isEmpty();
		List<Person> supervisors = new java.util.ArrayList<>();
		String encounter = ChartDeficiencies.encounterOf(entry);
		if (trainee && encounter != null) {
			org.hl7.fhir.r4.model.Encounter e = (org.hl7.fhir.r4.model.Encounter) store.read(access, "Encounter", encounter)
					.resource();
			for (org.hl7.fhir.r4.model.Encounter.EncounterParticipantComponent p : e.getParticipant()) {
				String who = p.getIndividual().getReference();
				if (who != null && who.startsWith("Practitioner/") && !who.equals(signer)) {
					org.hl7.fhir.r4.model.Practitioner pr = (org.hl7.fhir.r4.model.Practitioner) store.read(access, "Practitioner", who
							.substring("Practitioner/".length())).resource();
					supervisors.add(new Person(who, pr.hasName() ? pr.getNameFirstRep().getNameAsSingleString() : who));
				}
			}
		}
		return new Readable(reference, stored.version(), title == null ? reference : title, text.toString().strip(), trainee, supervisors);
	}

	List<Kept> signatures(String entry) {
		return SignatureRows.of(jdbc, List.of(entry)).getOrDefault(entry, List.of());
	}

	private Provenance provenance(String target, String signer, String role, boolean cosigning,
			byte[] digest, Instant at) {
		Provenance p = new Provenance();
		p.addTarget(new Reference(target));
		p.setRecorded(Date.from(at));
		p.getActivity().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", cosigning ? "VRF"
				: "AUT", cosigning ? "verifier" : "author"));
		Provenance.ProvenanceAgentComponent agent = p.addAgent();
		agent.getType().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", cosigning
				? "verifier" : "author", cosigning ? "Verifier" : "Author"));
		agent.addRole().setText(role);
		agent.setWho(new Reference(signer));
		Signature s = p.addSignature();
		s.addType(cosigning ? VERIFICATION : AUTHOR);
		s.setWhen(Date.from(at));
		s.setWho(new Reference(signer));
		s.setTargetFormat("application/fhir+json");
		// The digest of the signed content: verifying recomputes it from the entry.
		s.setSigFormat("application/x-sha-256");
		s.setData(Base64.getEncoder().encode(digest));
		return p;
	}

	private boolean isTrainee(AccessContext access, String practitioner) {
		return roles(access, practitioner).stream().flatMap(r -> r.getCode().stream()).flatMap(c -> c.getCoding().stream())
				.anyMatch(c -> traineeRoles.contains(c.getSystem() + "|" + c.getCode()));
	}

	/** The practitioner's name as the record shows it, read with the signer's access; null when it has none. */
	private @Nullable String name(AccessContext access, String practitioner) {
		org.hl7.fhir.r4.model.Practitioner p = (org.hl7.fhir.r4.model.Practitioner) store.read(access, "Practitioner", practitioner
				.substring("Practitioner/".length())).resource();
		return p.hasName() ? p.getNameFirstRep().getNameAsSingleString() : null;
	}

	/** The signer's role as their active PractitionerRole names it, else "practitioner". */
	private String role(AccessContext access, String practitioner) {
		return roles(access, practitioner).stream().flatMap(r -> r.getCode().stream()).map(c -> c.hasText() ? c.getText() : c
				.getCodingFirstRep().getDisplay()).filter(t -> t != null && !t.isBlank()).findFirst().orElse("practitioner");
	}

	private List<PractitionerRole> roles(AccessContext access, String practitioner) {
		return search.firstMatches(access, parser.parse("PractitionerRole", Map.of("practitioner", new String[] {practitioner},
				"active", new String[] {"true"}), true)).resources().stream().map(v -> (PractitionerRole) v.resource()).toList();
	}

	/** Who may sign the entry as its author: a note's authors, an order's requester. */
	static List<String> authors(IBaseResource entry) {
		List<Reference> authors = entry instanceof DocumentReference d ? d.getAuthor() : entry instanceof Composition c ? c
				.getAuthor() : entry instanceof org.hl7.fhir.r4.model.ServiceRequest o ? List.of(o.getRequester())
						: List.of(((org.hl7.fhir.r4.model.MedicationRequest) entry).getRequester());
		return authors.stream().map(Reference::getReference).filter(r -> r != null).toList();
	}

	static @Nullable String patient(IBaseResource entry) {
		Reference subject = entry instanceof DocumentReference d ? d.getSubject() : entry instanceof Composition c ? c
				.getSubject() : entry instanceof org.hl7.fhir.r4.model.ServiceRequest o ? o.getSubject()
						: ((org.hl7.fhir.r4.model.MedicationRequest) entry).getSubject();
		return subject.getReference();
	}

	private static CustodianException refused(String message) {
		return new CustodianException.Conflict(ErrorCode.SIGNATURE_REFUSED, message);
	}
}
