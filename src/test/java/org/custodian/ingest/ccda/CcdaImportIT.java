package org.custodian.ingest.ccda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.custodian.testkit.SharedCorpora;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/**
 * A referral's CCD arrives from another provider: HIM imports it into the right chart, with the
 * document kept whole and every resource read from it tracing back to it; the same document again
 * changes nothing; a document whose patient is not certainly known waits, writing nothing, until staff
 * say whose it is; and what cannot be read is refused with the reason.
 */
class CcdaImportIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36);

	/** The HL7 example CCD (Eve Betterhalf, born 1975-05-01), made this test's own: its SSN and document id tagged. */
	private String ccd(String ssn) throws IOException {
		String xml = new String(Files.readAllBytes(SharedCorpora.path("ccda/hl7-c-cda-examples/documents/CCD__CCD 1__CCD.XML")),
				StandardCharsets.UTF_8);
		return xml.replace("extension=\"444222222\"", "extension=\"" + ssn + "\"").replace("extension=\"TT988\"",
				"extension=\"DOC" + ssn + "\"");
	}

	private FhirHttp interfaceClient() {
		return fhir.as(token("ccda-" + tag, Set.of(Role.INTEGRATION), List.of("system/*.cruds"), null));
	}

	private String patient(String ssn) {
		Patient p = new Patient();
		p.addIdentifier(new Identifier().setSystem("http://hl7.org/fhir/sid/us-ssn").setValue(ssn));
		p.addName().setFamily("Betterhalf").addGiven("Eve");
		p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1975-05-01"));
		p.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
		Response created = fhir.post("Patient", p);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return "Patient/" + created.as(Patient.class).getIdElement().getIdPart();
	}

	private static Parameters document(String xml) {
		Parameters in = new Parameters();
		in.addParameter("document", new StringType(xml));
		in.addParameter("source", new StringType("referral from Good Health Clinic"));
		return in;
	}

	private static String value(Parameters p, String name) {
		return p.getParameterValue(name).primitiveValue();
	}

	@Test
	void aCcdIsImportedIntoItsPatientsChartWithTheDocumentKeptAsTheSourceOfEverythingReadFromIt() throws IOException {
		String ssn = "9" + Math.abs(tag.hashCode() % 100000000);
		String patient = patient(ssn);
		FhirHttp him = interfaceClient();

		Response r = him.post("$ccda-import", document(ccd(ssn)));

		assertThat(r.status()).as(r.body()).isEqualTo(200);
		Parameters out = r.as(Parameters.class);
		assertThat(value(out, "status")).isEqualTo("imported");
		assertThat(((Reference) out.getParameterValue("patient")).getReference()).isEqualTo(patient);
		assertThat(out.getParameters("unmapped")).isNotEmpty();
		DocumentReference kept = fhir.get(((Reference) out.getParameterValue("document")).getReference()).as(
				DocumentReference.class);
		assertThat(new String(kept.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8)).contains("DOC" + ssn);
		assertThat(kept.getContentFirstRep().getFormat().getCode()).isEqualTo(CcdaImport.FORMAT);
		assertThat(kept.getSubject().getReference()).isEqualTo(patient);
		Bundle problems = fhir.get("Condition?patient=" + patient).as(Bundle.class);
		assertThat(problems.getEntry()).hasSize(4);
		Condition problem = (Condition) problems.getEntryFirstRep().getResource();
		Bundle provenance = fhir.get("Provenance?target=Condition/" + problem.getIdElement().getIdPart()).as(Bundle.class);
		assertThat(provenance.getEntry()).hasSize(1);
		Provenance source = (Provenance) provenance.getEntryFirstRep().getResource();
		assertThat(source.getEntityFirstRep().getWhat().getReference()).isEqualTo("DocumentReference/" + kept.getIdElement()
				.getIdPart());
		assertThat(fhir.get("DiagnosticReport?patient=" + patient).as(Bundle.class).getEntry()).isNotEmpty();
		assertThat(fhir.get("Immunization?patient=" + patient).as(Bundle.class).getEntry()).isNotEmpty();
		assertThat(jdbc.queryForObject("select count(*) from audit_event where actor = ? and patients @> array[?]::text[]",
				Integer.class, "ccda-" + tag, patient)).as("the writes are audited").isPositive();

		Parameters again = him.post("$ccda-import", document(ccd(ssn))).as(Parameters.class);
		assertThat(value(again, "status")).as("the same document again").isEqualTo("duplicate");
		assertThat(fhir.get("Condition?patient=" + patient).as(Bundle.class).getEntry()).hasSize(4);
	}

	@Test
	void aDocumentWhosePatientIsNotCertainlyKnownWaitsWritingNothingUntilStaffAttachIt() throws IOException {
		String ssn = "8" + Math.abs(tag.hashCode() % 100000000);
		FhirHttp him = interfaceClient();
		int documentsBefore = countVersions("DocumentReference");

		String given = "Ev" + tag.replaceAll("[0-9]", "");
		Parameters waiting = him.post("$ccda-import", document(ccd(ssn).replace("<given>Eve</given>", "<given>" + given
				+ "</given>"))).as(Parameters.class);

		assertThat(value(waiting, "status")).isEqualTo("unmatched");
		assertThat(value(waiting, "error")).contains(given + " Betterhalf").contains("1975-05-01");
		assertThat(countVersions("DocumentReference")).isEqualTo(documentsBefore);
		String patient = patient("7" + ssn); // registered here under another number: the document's SSN finds nobody
		Parameters attach = new Parameters();
		attach.addParameter("import", waiting.getParameterValue("import"));
		attach.addParameter("patient", new Reference(patient));
		Response attached = him.post("$ccda-attach", attach);
		assertThat(attached.status()).as(attached.body()).isEqualTo(200);
		assertThat(value(attached.as(Parameters.class), "status")).isEqualTo("imported");
		assertThat(fhir.get("Condition?patient=" + patient).as(Bundle.class).getEntry()).hasSize(4);
		assertThat(jdbc.queryForObject("select attached_by from ccda_import where import_id = ?", String.class, Long.parseLong(
				value(waiting, "import")))).isEqualTo("ccda-" + tag);
	}

	/** Every whole document of the corpus is imported, or refused with a reason; none fails part-way. */
	@Test
	void everyDocumentInTheCorpusIsImportedOrRefusedWithAReason(@org.springframework.beans.factory.annotation.Autowired
			CcdaImport imports, @org.springframework.beans.factory.annotation.Autowired org.custodian.access.AccessGate gate)
			throws IOException {
		String patient = patient("6" + Math.abs(tag.hashCode() % 100000000));
		org.custodian.access.AccessContext staff = gate.forSystemTask("ccda-import");
		java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
		java.util.List<String> failures = new java.util.ArrayList<>();
		try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(SharedCorpora.path("ccda"))) {
			for (java.nio.file.Path p : files.filter(f -> f.toString().toLowerCase().endsWith(".xml")).sorted().toList()) {
				byte[] xml = Files.readAllBytes(p);
				if (!new String(xml, 0, Math.min(xml.length, 4000), StandardCharsets.UTF_8).contains("ClinicalDocument")) {
					continue; // a fragment, not a document
				}
				CcdaImport.Result r = imports.receive(staff, xml, p.getFileName().toString(), patient);
				outcomes.merge(r.status(), 1, Integer::sum);
				if (r.status().equals("error") || r.status().equals("rejected") && r.error() == null) {
					failures.add(p.getFileName() + ": " + r.error());
				}
			}
		}
		System.out.println("C-CDA corpus imported: " + outcomes);
		assertThat(failures).isEmpty();
		assertThat(outcomes.get("imported")).isGreaterThan(50);
	}

	@Test
	void entriesThatShareAnIdentifierAreEachKeptAndAnImportedDocumentIsNotAttachedAgain() throws IOException {
		String patient = patient("5" + Math.abs(tag.hashCode() % 100000000));
		// Made this test's own (a comment at the end): the same bytes again would be the same document, imported already.
		byte[] xml = (Files.readString(SharedCorpora.path("ccda/chb-sample-ccdas/EMERGE__Patient-119.xml")) + "<!-- " + tag
				+ " -->").getBytes(StandardCharsets.UTF_8);
		long observations = CcdaReading.read(xml).entries().stream().filter(e -> e.resource() instanceof
				org.hl7.fhir.r4.model.Observation).count();
		Parameters in = new Parameters();
		in.addParameter("document", new org.hl7.fhir.r4.model.Attachment().setContentType("application/xml").setData(xml));
		in.addParameter("patient", new Reference(patient));
		FhirHttp him = interfaceClient();

		Parameters out = him.post("$ccda-import", in).as(Parameters.class);

		assertThat(value(out, "status")).isEqualTo("imported");
		assertThat(out.getParameters("unmapped")).anySatisfy(u -> assertThat(u.getValue().primitiveValue()).contains(
				"share an identifier"));
		assertThat(fhir.get("Observation?_count=500&patient=" + patient).as(Bundle.class).getEntry()).hasSize((int) observations);
		Parameters again = new Parameters();
		again.addParameter("import", out.getParameterValue("import"));
		again.addParameter("patient", new Reference(patient));
		Response attached = him.post("$ccda-attach", again);
		assertThat(attached.status()).as("an imported document is not imported a second time").isEqualTo(409);
	}

	@Test
	void whatIsNotACdaDocumentIsRefusedWithTheReasonAndKept() {
		Parameters refused = interfaceClient().post("$ccda-import", document("<html><body>not a CDA</body></html>")).as(
				Parameters.class);

		assertThat(value(refused, "status")).isEqualTo("rejected");
		assertThat(value(refused, "error")).contains("not a CDA document");
		assertThat(jdbc.queryForObject("select status from ccda_import where import_id = ?", String.class, Long.parseLong(value(
				refused, "import")))).isEqualTo("rejected");
	}

	@Test
	void aClinicianCannotImportDocuments() throws IOException {
		FhirHttp clinician = fhir.as(token("ccda-clin-" + tag, Set.of(Role.CLINICIAN), List.of("user/*.crus"), null));

		Response r = clinician.post("$ccda-import", document(ccd("123")));

		assertThat(r.status()).isEqualTo(403);
	}
}
