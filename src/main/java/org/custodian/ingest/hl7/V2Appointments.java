package org.custodian.ingest.hl7;

import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.record.StoredVersion;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.hl7v2.util.Terser;

/**
 * Scheduling (SIU) as Appointments: found again by the filler's appointment id (SCH-2, else the
 * placer's, SCH-1), booked by S12 to S14, cancelled by S15 and S17, a no-show by S26; its times from
 * SCH-11 (or the first service's AIS-4 and duration), its reason from SCH-7 (or the service), the
 * patient and the practitioners of AIP.
 */
final class V2Appointments {

	private final V2Records records;

	V2Appointments(V2Records records) {
		this.records = records;
	}

	void apply(AccessContext access, Terser t, String event, String facility, List<String> written) {
		String number = V2Fields.get(t, "/SCH-2-1");
		if (number == null) {
			number = V2Fields.get(t, "/SCH-1-1");
		}
		if (number == null) {
			throw new V2Exception("The appointment has no id (SCH-1 or SCH-2)");
		}
		String patient = records.patient(access, t, "/PATIENT/PID", facility, written);
		Identifier id = new Identifier().setSystem("urn:custodian:hl7:appointment:" + facility.replace(' ', '_')).setValue(number);
		StoredVersion known = records.byIdentifier(access, "Appointment", List.of(id));
		Appointment a = known == null ? new Appointment() : (Appointment) known.resource();
		if (!a.hasIdentifier()) {
			a.addIdentifier(id);
		}
		a.setStatus(switch (event) {
			case "S15", "S17" -> Appointment.AppointmentStatus.CANCELLED;
			case "S26" -> Appointment.AppointmentStatus.NOSHOW;
			default -> Appointment.AppointmentStatus.BOOKED;
		});
		DateTimeType start = records.time(t, "/SCH-11-4");
		DateTimeType end = records.time(t, "/SCH-11-5");
		if (start == null) {
			start = records.time(t, "/RESOURCES/SERVICE/AIS-4");
		}
		if (start != null) {
			a.setStartElement(new org.hl7.fhir.r4.model.InstantType(start.getValueAsString().length() > 10 ? start.getValueAsString()
					: start.getValueAsString() + "T00:00:00Z"));
		}
		if (end != null && end.getValueAsString().length() > 10) {
			a.setEndElement(new org.hl7.fhir.r4.model.InstantType(end.getValueAsString()));
		}
		CodeableConcept reason = V2Fields.concept(t, "/SCH-7");
		if (reason == null) {
			reason = V2Fields.concept(t, "/RESOURCES/SERVICE/AIS-3");
		}
		a.getReasonCode().clear();
		if (reason != null) {
			a.addReasonCode(reason);
		}
		a.getParticipant().clear();
		a.addParticipant().setActor(new Reference(patient)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
		for (int i = 0; i < 20; i++) {
			String practitioner = records.practitioner(access, t, "/RESOURCES/PERSONNEL_RESOURCE(" + i + ")/AIP-3", facility,
					written);
			if (practitioner == null) {
				break;
			}
			a.addParticipant().setActor(new Reference(practitioner)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
		}
		records.write(access, "Appointment", known == null ? null : known.id(), a, written);
	}
}
