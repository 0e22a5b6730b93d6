package org.custodian.audit;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * An audit record as a FHIR AuditEvent, in the shape of IHE Basic Audit Log Patterns: type and
 * subtype (the RESTful interaction or operation), action, recorded, outcome; the user as the
 * requesting agent (with roles, purpose of use and network address) and the client application as
 * a second agent; this server as the source; each patient as a patient entity and each resource as
 * a domain resource entity, a search's parameters as a query entity.
 */
public final class AuditEvents {

	private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
	private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
	private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
	private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
	private static final String PURPOSE = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
	private static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
	private static final String ROLES = "https://custodian.dev/fhir/CodeSystem/role";

	private AuditEvents() {
	}

	/**
	 * BALP: the RESTful interactions as such; sign-in events as DICOM's User Authentication; security events as
	 * Security Alert; what is done on the workspace's screens as Patient Record.
	 */
	private static Coding type(String category) {
		return switch (category) {
			case "rest" -> new Coding(EVENT_TYPE, "rest", "RESTful Operation");
			case "login" -> new Coding(DICOM, "110114", "User Authentication");
			case "security" -> new Coding(DICOM, "110113", "Security Alert");
			// The workspace's screens: a chart opened, patients searched for.
			case "screen" -> new Coding(DICOM, "110110", "Patient Record");
			// The product's own tasks reading a chart (reviewing it for completion).
			case "task" -> new Coding(DICOM, "110110", "Patient Record");
			default -> new Coding(EVENT_TYPE, category, null);
		};
	}

	private static Coding subtype(AuditRecord r) {
		if (r.category().equals("login")) {
			return switch (r.subtype()) {
				case "sign-in" -> new Coding(DICOM, "110122", "Login");
				case "sign-out" -> new Coding(DICOM, "110123", "Logout");
				default -> new Coding(null, r.subtype(), null);
			};
		}
		return r.subtype().startsWith("$") || !r.category().equals("rest") ? new Coding(null, r.subtype(), null)
				: new Coding(INTERACTION, r.subtype(), null);
	}

	public static AuditEvent of(AuditReports.Entry entry) {
		AuditRecord r = entry.record();
		AuditEvent e = new AuditEvent();
		e.setId("audit-" + entry.seq());
		e.setType(type(r.category()));
		e.addSubtype(subtype(r));
		e.setAction(AuditEventAction.fromCode(String.valueOf(r.action())));
		e.setRecorded(Date.from(r.recorded()));
		e.setOutcome(AuditEventOutcome.fromCode(String.valueOf(r.outcome())));
		if (r.detail() != null) {
			e.setOutcomeDesc(r.detail());
		}
		AuditEvent.AuditEventAgentComponent user = e.addAgent().setRequestor(true);
		user.getWho().getIdentifier().setValue(r.actor());
		if (r.user() != null) {
			user.getWho().setReference(r.user());
		}
		r.roles().forEach(role -> user.addRole().addCoding().setSystem(ROLES).setCode(role));
		if (r.purpose() != null) {
			user.addPurposeOfUse().addCoding().setSystem(PURPOSE).setCode(r.purpose());
		}
		if (r.origin() != null) {
			user.getNetwork().setAddress(r.origin()).setType(AuditEvent.AuditEventAgentNetworkType._2);
		}
		if (r.client() != null) {
			AuditEvent.AuditEventAgentComponent app = e.addAgent().setRequestor(false);
			app.getWho().getIdentifier().setValue(r.client());
			app.getType().addCoding().setSystem("http://dicom.nema.org/resources/ontology/DCM").setCode("110150")
					.setDisplay("Application");
		}
		e.getSource().setObserver(new Reference().setDisplay("Custodian"));
		e.getSource().addType().setSystem("http://terminology.hl7.org/CodeSystem/security-source-type").setCode("4");
		for (String p : r.patients()) {
			e.addEntity().setWhat(new Reference(p)).setType(new Coding(ENTITY_TYPE, "1", "Person"))
					.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
		}
		for (String what : r.entities()) {
			if (!r.patients().contains(what)) {
				e.addEntity().setWhat(new Reference(what)).setType(new Coding(ENTITY_TYPE, "2", "System Object"))
						.setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
			}
		}
		if (r.query() != null) {
			e.addEntity().setType(new Coding(ENTITY_TYPE, "2", "System Object")).setRole(new Coding(OBJECT_ROLE, "24", "Query"))
					.setQuery(r.query().getBytes(StandardCharsets.UTF_8));
		}
		if (r.emergency()) {
			e.addPurposeOfEvent().addCoding().setSystem(PURPOSE).setCode("ETREAT").setDisplay("Emergency treatment (break-the-glass)");
		}
		return e;
	}
}
