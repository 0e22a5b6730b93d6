package org.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit trail read back: by auditors and the privacy officer only, as AuditEvents or CSV, and per patient. */
class AuditReportsIT extends ServerTest {

	private String clerk;
	private String patient;
	private String other;
	private FhirHttp auditor;

	@BeforeEach
	void aClerkReadsARecord() {
		clerk = "clerk-" + Long.toString(System.nanoTime(), 36);
		FhirHttp him = fhir.as(token(clerk, Set.of(Role.HIM), List.of("user/*.rs"), null));
		patient = new IdType(fhir.post("Patient", Fixtures.patient("Reported", "Rae")).header("Location")).getIdPart();
		other = new IdType(fhir.post("Patient", Fixtures.patient("Unrelated", "Uma")).header("Location")).getIdPart();
		assertThat(him.get("Patient/" + patient).status()).isEqualTo(200);
		assertThat(him.delete("Patient/" + patient).status()).isEqualTo(403);
		auditor = fhir.as(token("auditor-" + Long.toString(System.nanoTime(), 36), Set.of(Role.AUDITOR),
				List.of("user/AuditEvent.rs"), null));
	}

	@Test
	void anAuditorFindsAUsersAccessesByPatientActionAndOutcome() {
		Bundle all = auditor.get("$audit-events?user=" + clerk).as(Bundle.class);
		assertThat(all.getEntry()).hasSize(2);
		AuditEvent read = (AuditEvent) auditor.get("$audit-events?user=" + clerk + "&action=R").as(Bundle.class)
				.getEntryFirstRep().getResource();
		assertThat(read.getSubtypeFirstRep().getCode()).isEqualTo("read");
		assertThat(read.getOutcome().toCode()).isEqualTo("0");
		assertThat(read.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(clerk);
		assertThat(read.getAgentFirstRep().getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("him");
		assertThat(read.getEntity()).anyMatch(e -> e.getWhat().getReference().equals("Patient/" + patient)
				&& e.getRole().getCode().equals("1"));
		Bundle refused = auditor.get("$audit-events?user=" + clerk + "&outcome=4").as(Bundle.class);
		assertThat(refused.getEntry()).hasSize(1);
		assertThat(((AuditEvent) refused.getEntryFirstRep().getResource()).getOutcomeDesc()).contains("CUS-5002");
		assertThat(auditor.get("$audit-events?user=" + clerk + "&patient=" + other).as(Bundle.class).getEntry()).isEmpty();
	}

	@Test
	void onlyAuditorsAndThePrivacyOfficerReadTheTrail() {
		FhirHttp him = fhir.as(token("curious-" + Long.toString(System.nanoTime(), 36), Set.of(Role.HIM),
				List.of("user/*.rs"), null));
		Response refused = him.get("$audit-events?user=" + clerk);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain(patient);
		assertThat(fhir.get("$audit-events?user=" + clerk).status()).as("the privacy officer").isEqualTo(200);
		// Reading the trail is itself recorded.
		assertThat(auditor.get("$audit-events?user=" + clerk).status()).isEqualTo(200);
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = '$audit-events' and outcome = 4"
				+ " and actor like 'curious-%'", Integer.class)).isPositive();
	}

	@Test
	void exportsCsv() {
		Response csv = auditor.get("$audit-export?user=" + clerk, "Accept", "text/csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.get(0)).startsWith("seq,recorded,category,action,subtype,outcome,user");
		assertThat(lines).hasSize(3);
		assertThat(lines.get(1)).contains(",read,0," + clerk + ",,").contains("Patient/" + patient);
	}

	@Test
	void aPatientSeesWhoAccessedTheirOwnRecordAndNoOneElses() {
		FhirHttp portal = fhir.as(token("portal-" + Long.toString(System.nanoTime(), 36), Set.of(Role.PATIENT),
				List.of("patient/*.rs"), patient));
		Bundle report = portal.get("Patient/" + patient + "/$access-report").as(Bundle.class);
		assertThat(report.getEntry()).extracting(e -> ((AuditEvent) e.getResource()).getAgentFirstRep().getWho()
				.getIdentifier().getValue()).contains(clerk);
		assertThat(portal.get("Patient/" + other + "/$access-report").status()).isEqualTo(403);
		assertThat(fhir.get("Patient/" + patient + "/$access-report").status()).isEqualTo(200);
	}
}
