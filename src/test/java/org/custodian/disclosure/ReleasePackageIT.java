package org.custodian.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.custodian.access.Role;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/**
 * The package a release sends: only the types and period asked for, no sensitive record the
 * decision does not release (listed with why), a PDF for people (cover letter, certification, page
 * numbers, the Part 2 notice when those records go) or a FHIR Bundle, kept with its SHA-256.
 */
class ReleasePackageIT extends ServerTest {

	private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");

	private String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	private Observation observation(String patient, String text, String when, String label) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.getCode().setText(text);
		o.setSubject(new Reference("Patient/" + patient));
		o.setEffective(new DateTimeType(when));
		o.setValue(new Quantity().setValue(6.1).setUnit("%"));
		if (label != null) {
			o.getMeta().addSecurity(ACT_CODE, label, null);
		}
		return o;
	}

	private String chart() {
		String patient = create(Fixtures.patient("Package" + tag, "Pia"));
		Condition asthma = new Condition().setSubject(new Reference("Patient/" + patient));
		asthma.getCode().setText("Asthma");
		asthma.setOnset(new DateTimeType("2025-03-01"));
		create(asthma);
		create(observation(patient, "Hemoglobin A1c", "2025-04-01", null));
		create(observation(patient, "HIV-1 antibody", "2025-05-01", "HIV"));
		create(observation(patient, "Opioid use screening", "2025-05-02", "SUD"));
		Encounter old = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
				.setClass_(new org.hl7.fhir.r4.model.Coding(ACT_CODE, "AMB", null)).setSubject(new Reference("Patient/" + patient))
				.setPeriod(new Period().setStartElement(new DateTimeType("2023-01-01")));
		create(old);
		DocumentReference note = new DocumentReference().setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT)
				.setSubject(new Reference("Patient/" + patient)).setDescription("Clinic note");
		note.setDate(java.sql.Date.valueOf("2025-06-01"));
		note.addContent().setAttachment(new Attachment().setContentType("text/plain").setData(
				"Wheeze improved on inhaler.\nReturn in three months.".getBytes()));
		create(note);
		return patient;
	}

	private FhirHttp desk() {
		return fhir.as(token("roi-package-" + tag, Set.of(Role.ROI), List.of("user/*.rs"), null));
	}

	private Parameters request(FhirHttp desk, String patient, String requester, String purpose, ParametersParameterComponent auth,
			String... types) {
		Parameters in = new Parameters();
		in.addParameter("patient", new Reference("Patient/" + patient));
		in.addParameter("requester", new CodeType(requester));
		in.addParameter("requester-name", new StringType(requester.equals("patient") ? "Pia" : "Acme Life"));
		in.addParameter("purpose", new CodeType(purpose));
		in.addParameter("instrument", new CodeType(auth == null ? "none" : "authorization"));
		in.addParameter("period-from", new DateType("2025-01-01"));
		in.addParameter("period-to", new DateType("2025-12-31"));
		for (String t : types) {
			in.addParameter("record-type", new CodeType(t));
		}
		if (auth != null) {
			in.addParameter(auth);
		}
		return desk.post("$roi-request", in).as(Parameters.class);
	}

	private static ParametersParameterComponent authorization() {
		ParametersParameterComponent a = new ParametersParameterComponent().setName("authorization");
		for (String[] p : new String[][] {{"description", "2025 records"}, {"discloser", "Springfield General"},
				{"recipient", "Acme Life"}, {"purpose", "Application"}, {"expiry-event", "Decision on the application"}}) {
			a.addPart().setName(p[0]).setValue(new StringType(p[1]));
		}
		a.addPart().setName("signed").setValue(new DateType(LocalDate.now().minusDays(1).toString()));
		for (String s : List.of("statement-revocation", "statement-conditioning", "statement-redisclosure")) {
			a.addPart().setName(s).setValue(new BooleanType(true));
		}
		return a;
	}

	/** The package's bytes as served (raw: a PDF is not text). */
	private byte[] content(FhirHttp desk, String packageId) {
		try {
			java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create(desk.base() + "/$roi-package-content?package=" + packageId))
					.header("Authorization", desk.authorization()).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
			assertThat(r.statusCode()).isEqualTo(200);
			return r.body();
		} catch (IOException | InterruptedException e) {
			throw new AssertionError(e);
		}
	}

	private static Parameters pack(FhirHttp desk, Parameters request, String format) {
		Parameters p = new Parameters();
		p.addParameter("request", request.getParameterValue("request"));
		p.addParameter("format", new CodeType(format));
		Response r = desk.post("$roi-package", p);
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		return r.as(Parameters.class);
	}

	/**
	 * Whether the PDF's certifying signature verifies over its signed bytes: the CMS signature checked
	 * with the certificate it carries, which must be the server's certification certificate.
	 */
	private boolean signatureVerifies(byte[] pdf) throws Exception {
		try (PDDocument doc = Loader.loadPDF(pdf)) {
			org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature sig = doc.getLastSignatureDictionary();
			// The reserved space is padded with zeros after the signature: read the one ASN.1 object.
			org.bouncycastle.asn1.cms.ContentInfo info;
			try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(sig.getContents(pdf))) {
				info = org.bouncycastle.asn1.cms.ContentInfo.getInstance(in.readObject());
			}
			org.bouncycastle.cms.CMSSignedData cms = new org.bouncycastle.cms.CMSSignedData(
					new org.bouncycastle.cms.CMSProcessableByteArray(sig.getSignedContent(pdf)), info);
			org.bouncycastle.cms.SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
			org.bouncycastle.cert.X509CertificateHolder cert = (org.bouncycastle.cert.X509CertificateHolder) cms
					.getCertificates().getMatches(signer.getSID()).iterator().next();
			assertThat(cert.getEncoded()).isEqualTo(certification.certificate().getEncoded());
			try {
				return signer.verify(new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder().build(cert));
			} catch (org.bouncycastle.cms.CMSSignerDigestMismatchException e) {
				return false;
			}
		}
	}

	@org.springframework.beans.factory.annotation.Autowired
	CertificationSignature certification;

	private static String text(byte[] pdf) throws IOException {
		try (PDDocument doc = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(doc);
		}
	}

	@Test
	void anInsurersPackageHoldsOnlyWhatWasAskedForAndTheDecisionAllowsAndIsKeptWithItsHashAndCertifiedSignature()
			throws Exception {
		String patient = chart();
		FhirHttp desk = desk();
		Parameters request = request(desk, patient, "insurer", "underwriting", authorization(), "Condition", "Observation",
				"DocumentReference");

		Parameters built = pack(desk, request, "pdf");

		assertThat(built.getParameterValue("records").primitiveValue()).isEqualTo("4"); // the patient, asthma, A1c, the note
		List<String> excluded = built.getParameter().stream().filter(p -> p.getName().equals("excluded"))
				.map(p -> p.getValue().primitiveValue()).toList();
		assertThat(excluded).hasSize(2).anySatisfy(e -> assertThat(e).contains("hiv:"))
				.anySatisfy(e -> assertThat(e).contains("substance use:").contains("not asked for explicitly"));
		byte[] pdf = content(desk, built.getParameterValue("package").primitiveValue());
		assertThat(ReleasePackages.sha256(pdf)).isEqualTo(built.getParameterValue("sha256").primitiveValue());
		assertThat(signatureVerifies(pdf)).as("certified by the custodian's signature").isTrue();
		try (PDDocument doc = Loader.loadPDF(pdf)) {
			assertThat(doc.getLastSignatureDictionary().getName()).startsWith("roi-package-");
			assertThat(doc.getDocumentCatalog().getCOSObject().getCOSDictionary(org.apache.pdfbox.cos.COSName.PERMS))
					.as("a certification: no changes permitted").isNotNull();
		}
		byte[] altered = pdf.clone();
		int at = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("Hemoglobin");
		altered[at > 0 ? at : 200] ^= 1;
		assertThat(signatureVerifies(altered)).as("one byte changed breaks it").isFalse();
		assertThat(jdbc.queryForList("select array_to_string(patients, ' ') from audit_event where subtype ="
				+ " '$roi-package-content' and query like ?", String.class, "%package=" + built.getParameterValue("package")
						.primitiveValue())).as("the download is recorded against the patient").containsExactly("Patient/" + patient);
		String text = text(pdf);
		assertThat(text).contains("Release of health information").contains("To: Acme Life")
				.contains("Certification of the custodian of records").contains("Signed electronically")
				.contains("Problem: Asthma  (2025-03-01)")
				.contains("Observation: Hemoglobin A1c").contains("Result: 6.1 %").contains("Wheeze improved on inhaler.")
				.contains("Page 1 of " + built.getParameterValue("pages").primitiveValue())
				.doesNotContain("HIV-1").doesNotContain("Opioid").doesNotContain("Encounter").doesNotContain("42 CFR Part 2")
				.contains("Invoice").contains("Processing: $25.00");
		assertThat(FhirHttp.json(built)).contains("\"valueMoney\":{\"value\":");

		Parameters release = new Parameters();
		release.addParameter("request", request.getParameterValue("request"));
		release.addParameter("released", new StringType("2025 problems, results and notes"));
		assertThat(desk.post("$roi-release", release).status()).isEqualTo(200);
		assertThat(jdbc.queryForObject("select description from disclosure where request_id = ?", String.class,
				Long.valueOf(request.getParameterValue("request").primitiveValue())))
				.contains("SHA-256 " + built.getParameterValue("sha256").primitiveValue());
	}

	@Test
	void thePatientsOwnFhirPackageHoldsTheirSubstanceUseRecordsAndTheirPdfCarriesThePart2Notice() throws IOException {
		String patient = chart();
		FhirHttp desk = desk();
		Parameters request = request(desk, patient, "patient", "patient-request", null);

		Parameters fhirPackage = pack(desk, request, "fhir");
		Parameters pdfPackage = pack(desk, request, "pdf");

		Bundle bundle = (Bundle) ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().parseResource(new String(
				content(desk, fhirPackage.getParameterValue("package").primitiveValue())));
		assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType()).contains("Patient", "Condition",
				"DocumentReference").doesNotContain("Encounter");
		assertThat(bundle.getEntry()).hasSize(6);
		assertThat(text(content(desk, pdfPackage.getParameterValue("package").primitiveValue())))
				.contains("Opioid use screening").contains("protected by 42 CFR Part 2");
	}

	@Test
	void aPsychotherapyNoteLabelledAsSuchStaysOutOfThePatientsOwnPackage() {
		String patient = create(Fixtures.patient("Psy" + tag, "Paz"));
		DocumentReference note = new DocumentReference().setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus
				.CURRENT).setSubject(new Reference("Patient/" + patient)).setDescription("Session 4");
		note.getType().setText("Progress note"); // nothing in the type says what it is: the label does
		note.getMeta().addSecurity(ACT_CODE, "PSYTHPN", null);
		note.addContent().setAttachment(new Attachment().setContentType("text/plain").setData("Session notes".getBytes()));
		String noteId = create(note);
		FhirHttp desk = desk();
		Parameters request = request(desk, patient, "patient", "patient-request", null);

		Parameters built = pack(desk, request, "fhir");

		assertThat(built.getParameter().stream().filter(p -> p.getName().equals("excluded"))
				.map(p -> p.getValue().primitiveValue())).singleElement().asString()
				.startsWith("DocumentReference/" + noteId + " - psychotherapy notes");
	}

	@Test
	void aCcdaPackageHoldsTheRecordInItsSectionsCarriesThePart2NoticeAndNamesWhatCdaCannotHold() {
		String patient = chart();
		org.hl7.fhir.r4.model.CarePlan plan = new org.hl7.fhir.r4.model.CarePlan()
				.setStatus(org.hl7.fhir.r4.model.CarePlan.CarePlanStatus.ACTIVE)
				.setIntent(org.hl7.fhir.r4.model.CarePlan.CarePlanIntent.PLAN).setSubject(new Reference("Patient/" + patient));
		String planId = create(plan);
		FhirHttp desk = desk();
		Parameters request = request(desk, patient, "patient", "patient-request", null);

		Parameters built = pack(desk, request, "ccda");

		String xml = new String(content(desk, built.getParameterValue("package").primitiveValue()),
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(ReleasePackages.sha256(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
				.isEqualTo(built.getParameterValue("sha256").primitiveValue());
		assertThat(xml).contains("<ClinicalDocument").contains("root=\"2.16.840.1.113883.10.20.22.1.2\"")
				.contains("<originalText>Asthma</originalText>").contains("<originalText>Hemoglobin A1c</originalText>")
				.contains("<originalText>Opioid use screening</originalText>").contains("representation=\"B64\"")
				.contains("protected by 42 CFR Part 2").contains("code=\"R\"");
		assertThat(built.getParameter().stream().filter(p -> p.getName().equals("excluded"))
				.map(p -> p.getValue().primitiveValue())).containsExactly("CarePlan/" + planId
						+ " - C-CDA has no section for it: ask for the PDF or FHIR package to include it");
		assertThat(built.getParameterValue("records").primitiveValue()).as("the patient, asthma, three results, the note")
				.isEqualTo("6");
	}
}
