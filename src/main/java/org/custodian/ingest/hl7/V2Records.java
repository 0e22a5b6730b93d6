package org.custodian.ingest.hl7;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.identity.PatientMatcher;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.record.WriteResult;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.util.Terser;

/**
 * The people and visits an HL7 v2 message names, found or written through the gate: the patient of
 * its PID (by an identifier already known, else by the patient identity service's certain match, else
 * registered), the visit of its PV1 (by its visit number), and the practitioners it names (by their
 * id at the sending facility). What a later message says of them replaces what an earlier one said;
 * identifiers are added, never dropped.
 */
final class V2Records {

	static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

	private final RecordStore store;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final PatientMatcher matcher;
	private final Hl7Properties naming;

	V2Records(RecordStore store, SearchService search, FhirContext ctx, PatientMatcher matcher, Hl7Properties naming) {
		this.naming = naming;
		this.store = store;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, 10, 10);
		this.matcher = matcher;
	}

	/** The patient of the PID segment at {@code pid} ("/PID" or a group's path), written; answers its reference. */
	String patient(AccessContext access, Terser t, String pid, String facility, List<String> written) {
		return patient(access, t, pid, facility, written, null);
	}

	/**
	 * The patient of the PID segment; with {@code pending}, the write is added there (to be written with
	 * what else the message gives, {@link #writeAll}) instead of made at once.
	 */
	String patient(AccessContext access, Terser t, String pid, String facility, List<String> written,
			@Nullable List<RecordStore.Put> pending) {
		if (V2Fields.get(t, pid + "-3-1") == null && V2Fields.get(t, "/.PID-3-1") != null) {
			pid = "/.PID"; // a PID the message put elsewhere than its structure says (senders do): found where it is
		}
		Patient from = new Patient();
		V2Fields.identifiers(t, pid + "-3", facility, naming).forEach(from::addIdentifier);
		if (!from.hasIdentifier()) {
			throw new V2Exception("The message names no patient identifier (PID-3)");
		}
		HumanName name = new HumanName().setFamily(V2Fields.get(t, pid + "-5-1"));
		String given = V2Fields.get(t, pid + "-5-2");
		if (given != null) {
			name.addGiven(given);
		}
		String middle = V2Fields.get(t, pid + "-5-3");
		if (middle != null) {
			name.addGiven(middle);
		}
		if (name.hasFamily() || name.hasGiven()) {
			from.addName(name);
		}
		DateTimeType born = time(t, pid + "-7");
		if (born != null) {
			from.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(born.getValueAsString().substring(0, Math.min(10, born
					.getValueAsString().length()))));
		}
		String sex = V2Fields.get(t, pid + "-8");
		if (sex != null) {
			from.setGender(switch (sex) {
				case "M" -> AdministrativeGender.MALE;
				case "F" -> AdministrativeGender.FEMALE;
				case "O", "A", "N" -> AdministrativeGender.OTHER;
				default -> AdministrativeGender.UNKNOWN;
			});
		}
		String line = V2Fields.get(t, pid + "-11-1");
		if (line != null) {
			from.addAddress().addLine(line).setCity(V2Fields.get(t, pid + "-11-3")).setState(V2Fields.get(t, pid + "-11-4"))
					.setPostalCode(V2Fields.get(t, pid + "-11-5"));
		}
		String phone = V2Fields.get(t, pid + "-13-1");
		if (phone != null) {
			from.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue(phone);
		}
		DateTimeType died = time(t, pid + "-29");
		if (died != null) {
			from.setDeceased(died);
		} else if ("Y".equals(V2Fields.get(t, pid + "-30"))) {
			from.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));
		}
		StoredVersion known = byIdentifier(access, "Patient", from.getIdentifier());
		if (known == null) {
			List<PatientMatcher.Candidate> certain = matcher.match(access, from, 1, true);
			known = certain.isEmpty() ? null : certain.get(0).patient();
		}
		if (known == null) {
			return pending == null ? write(access, "Patient", null, from, written) : pend(pending, "Patient", null, from);
		}
		Patient kept = (Patient) known.resource();
		Patient before = kept.copy();
		for (Identifier i : from.getIdentifier()) {
			if (kept.getIdentifier().stream().noneMatch(k -> i.getSystem().equals(k.getSystem()) && i.getValue().equals(k
					.getValue()))) {
				kept.addIdentifier(i);
			}
		}
		// The registration system's word on the demographics is the latest: what it sends replaces what was.
		if (from.hasName()) {
			kept.setName(from.getName());
		}
		if (from.hasBirthDate()) {
			kept.setBirthDateElement(from.getBirthDateElement());
		}
		if (from.hasGender()) {
			kept.setGender(from.getGender());
		}
		if (from.hasAddress()) {
			kept.setAddress(from.getAddress());
		}
		if (from.hasTelecom()) {
			kept.setTelecom(from.getTelecom());
		}
		if (from.hasDeceased()) {
			kept.setDeceased(from.getDeceased());
		}
		if (kept.equalsDeep(before)) {
			return "Patient/" + known.id(); // nothing new: no new version (every result names its patient again)
		}
		return pending == null ? write(access, "Patient", known.id(), kept, written) : pend(pending, "Patient", known.id(), kept);
	}

	/**
	 * The visit of the PV1 segment, in the state {@code status} (null: as it was; an update such as A08 does
	 * not reopen a finished stay); null when the message has no PV1 or no visit to name.
	 */
	@Nullable String encounter(AccessContext access, Terser t, String patient, String facility,
			Encounter.@Nullable EncounterStatus status,
			@Nullable DateTimeType eventTime, boolean ending, boolean reopening, List<String> written,
			List<RecordStore.Put> pending) {
		String visit = V2Fields.get(t, "/PV1-19-1");
		String patientClass = V2Fields.get(t, "/PV1-2");
		if (visit == null && patientClass == null) {
			return null;
		}
		if (visit == null && (reopening || status != Encounter.EncounterStatus.INPROGRESS && status != Encounter.EncounterStatus
				.PLANNED)) {
			// A discharge, a cancellation or an update must say which visit: guessing would change another stay.
			if (status == null) {
				return null; // an update without a visit number updates the patient only
			}
			throw new V2Exception("The message names no visit (PV1-19) to " + (status == Encounter.EncounterStatus.FINISHED
					? "discharge" : reopening ? "reopen" : "cancel"));
		}
		Identifier number = visit == null ? null : visitNumber(facility, visit);
		StoredVersion known = number == null ? null : byIdentifier(access, "Encounter", List.of(number));
		Encounter e = known == null ? new Encounter() : (Encounter) known.resource();
		Encounter before = e.copy();
		if (known != null && !patient.equals(e.getSubject().getReference())) {
			throw new V2Exception("Visit " + visit + " is " + e.getSubject().getReference() + "'s, not " + patient + "'s: a visit"
					+ " moves to another patient only by a merge");
		}
		if (number != null && !e.hasIdentifier()) {
			e.addIdentifier(number);
		}
		e.setSubject(new Reference(patient));
		if (status != null || known == null) {
			e.setStatus(status != null ? status : Encounter.EncounterStatus.INPROGRESS);
		}
		if (patientClass != null || !e.hasClass_()) {
			e.setClass_(encounterClass(patientClass));
		}
		DateTimeType admitted = time(t, "/PV1-44");
		DateTimeType discharged = time(t, "/PV1-45");
		if (admitted != null) {
			e.getPeriod().setStartElement(admitted);
		} else if (!e.getPeriod().hasStart() && eventTime != null) {
			e.getPeriod().setStartElement(eventTime);
		}
		if (ending) {
			DateTimeType end = discharged != null ? discharged : eventTime;
			if (end != null) {
				e.getPeriod().setEndElement(end);
			}
		} else if (reopening) {
			e.getPeriod().setEndElement(null); // a discharge cancelled (A13): the stay goes on
		}
		String attending = practitioner(access, t, "/PV1-7", facility, written);
		if (attending != null && e.getParticipant().stream().noneMatch(p -> attending.equals(p.getIndividual().getReference()))) {
			e.addParticipant().setIndividual(new Reference(attending)).addType().addCoding(new Coding(
					"http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "ATND", "attender"));
		}
		if (e.getPeriod().isEmpty()) {
			e.setPeriod(null); // no times in the message: no period rather than an empty one
		}
		if (known != null && e.equalsDeep(before)) {
			return "Encounter/" + known.id(); // a message repeating what the visit says already makes no new version
		}
		return pend(pending, "Encounter", known == null ? null : known.id(), e);
	}

	/** A visit number (PV1-19) as the Encounter's identifier, under its sending facility. */
	static Identifier visitNumber(String facility, String visit) {
		return new Identifier().setSystem("urn:custodian:hl7:visit:" + facility.replace(' ', '_')).setValue(visit);
	}

	/** The practitioner an XCN field names (by their id at the facility), found or registered; null if it names none. */
	@Nullable String practitioner(AccessContext access, Terser t, String xcn, String facility, List<String> written) {
		String id = V2Fields.get(t, xcn + "-1");
		if (id == null) {
			return null;
		}
		Identifier identifier = new Identifier().setSystem("urn:custodian:hl7:provider:" + facility.replace(' ', '_')).setValue(
				id);
		StoredVersion known = byIdentifier(access, "Practitioner", List.of(identifier));
		if (known != null) {
			return "Practitioner/" + known.id();
		}
		Practitioner p = new Practitioner();
		p.addIdentifier(identifier);
		HumanName name = new HumanName().setFamily(V2Fields.get(t, xcn + "-2-1"));
		String given = V2Fields.get(t, xcn + "-3");
		if (given != null) {
			name.addGiven(given);
		}
		if (!name.isEmpty()) {
			p.addName(name); // an id alone names nobody: no empty name
		}
		return write(access, "Practitioner", null, p, written);
	}

	/** The first stored resource of {@code type} with one of the identifiers. */
	@Nullable StoredVersion byIdentifier(AccessContext access, String type, List<Identifier> identifiers) {
		for (Identifier i : identifiers) {
			if (i.getSystem() == null || i.getValue() == null) {
				continue;
			}
			List<StoredVersion> found = search.firstMatches(access, parser.parse(type, Map.of("identifier", new String[] {i
					.getSystem() + "|" + i.getValue()}), true)).resources();
			if (!found.isEmpty()) {
				return found.get(0);
			}
		}
		return null;
	}

	/** Writes (creates when {@code id} is null) and notes what was written; answers its reference. */
	/** A write to be made with others: its id (a new one when {@code id} is null), answered as its reference. */
	private static String pend(List<RecordStore.Put> pending, String type, @Nullable String id, IBaseResource resource) {
		String chosen = id == null ? RecordStore.newId() : id;
		pending.add(new RecordStore.Put(type, chosen, resource));
		return type + "/" + chosen;
	}

	/** Writes resources together (see {@link RecordStore#writeAll}); each named in {@code written}. */
	void writeAll(AccessContext access, List<RecordStore.Put> puts, List<String> written) {
		if (puts.isEmpty()) {
			return;
		}
		store.writeAll(access, puts);
		for (RecordStore.Put p : puts) {
			String ref = p.type() + "/" + p.id();
			((Resource) p.resource()).setId(ref);
			written.add(ref);
		}
	}

	String write(AccessContext access, String type, @Nullable String id, IBaseResource resource, List<String> written) {
		WriteResult r = id == null ? store.create(access, type, resource, null) : store.update(access, type, id, resource, null);
		String ref = type + "/" + r.version().id();
		((Resource) resource).setId(ref);
		written.add(ref);
		return ref;
	}

	Hl7Properties naming() {
		return naming;
	}

	/** Whether the caller may read the record (for showing kept messages). */
	boolean readable(AccessContext access, String reference) {
		return store.readable(access, reference);
	}

	/** A time of the message, in the sender's zone when it gives no offset. */
	@Nullable DateTimeType time(Terser t, String path) {
		return V2Fields.time(t, path, naming.zone());
	}

	/** HL7 table 0004 patient class as the v3 ActCode encounter class. */
	static Coding encounterClass(@Nullable String v2) {
		return switch (v2 == null ? "" : v2) {
			case "I" -> new Coding(ACT_CODE, "IMP", "inpatient encounter");
			case "E" -> new Coding(ACT_CODE, "EMER", "emergency");
			case "P" -> new Coding(ACT_CODE, "PRENC", "pre-admission");
			case "O", "R", "B" -> new Coding(ACT_CODE, "AMB", "ambulatory");
			default -> new Coding(ACT_CODE, "AMB", "ambulatory");
		};
	}

	static List<String> copy(List<String> written) {
		return new ArrayList<>(written);
	}
}
