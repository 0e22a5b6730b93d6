package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.custodian.testkit.SharedCorpora;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

/** How a Consent becomes the rules the gate enforces, on the specification's examples and edge cases. */
class ConsentProvisionsTest {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static final Map<String, Long> IDS = Map.of("Patient/f001", 1L, "Organization/f001", 2L, "Task/example3", 3L);

	@Test
	void anOrganizationDeniedAccessIsARootDenialNamingIt() throws IOException {
		List<ConsentRule> rules = rules(example("consent-example-notOrg.json"));
		assertThat(rules).hasSize(1);
		ConsentRule root = rules.get(0);
		assertThat(root.root()).isTrue();
		assertThat(root.deny()).isTrue();
		assertThat(root.patient()).isEqualTo(1L);
		assertThat(root.actors()).containsExactly("Organization/f001");
	}

	@Test
	void anExceptionWithoutATypeInvertsTheRoot() throws IOException {
		List<ConsentRule> rules = rules(example("consent-example-Emergency.json"));
		assertThat(rules).extracting(ConsentRule::number).contains(0, 1);
		assertThat(rules.get(0).deny()).isFalse();
		assertThat(rules.get(0).purposes()).containsExactly("ETREAT");
		assertThat(rules.get(1).deny()).isTrue();
	}

	@Test
	void everySpecificationExampleIsReadWithoutError() throws IOException {
		for (String name : List.of("Emergency", "grantor", "notAuthor", "notOrg", "notThem", "notThis", "notTime", "pkb")) {
			rules(example("consent-example-" + name + ".json"));
		}
		assertThat(rules(example("consent-example-notTime.json"))).as("a permitting root alone restricts nothing").isEmpty();
	}

	@Test
	void onlyActivePrivacyConsentsRestrict() {
		Consent draft = privacy(ConsentProvisionType.DENY).setStatus(Consent.ConsentState.DRAFT);
		assertThat(rules(draft)).isEmpty();
		Consent research = privacy(ConsentProvisionType.DENY);
		research.getScope().getCodingFirstRep().setCode("research");
		assertThat(rules(research)).isEmpty();
		assertThat(rules(privacy(ConsentProvisionType.DENY))).hasSize(1);
	}

	@Test
	void whatCannotBeTestedErrsTowardPrivacy() {
		Consent consent = privacy(ConsentProvisionType.PERMIT);
		// A denial of one clinical code cannot be tested: it is kept, without the code, so it hides more.
		consent.getProvision().addProvision().setType(ConsentProvisionType.DENY).addCode().addCoding()
				.setSystem("http://loinc.org").setCode("8867-4");
		// A permission of one clinical code is dropped, so it grants nothing.
		consent.getProvision().addProvision().setType(ConsentProvisionType.PERMIT).addCode().addCoding()
				.setSystem("http://loinc.org").setCode("8867-4");
		// A provision only about collecting data says nothing about reading it.
		consent.getProvision().addProvision().setType(ConsentProvisionType.DENY).addAction().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/consentaction").setCode("collect");
		List<ConsentRule> rules = rules(consent);
		assertThat(rules).hasSize(2);
		assertThat(rules.get(1).deny()).isTrue();
		assertThat(rules.get(1).types()).isNull();
		assertThat(rules.get(1).resources()).isNull();
	}

	@Test
	void labelsBecomeTheSensitivityMask() {
		Consent consent = privacy(ConsentProvisionType.PERMIT);
		consent.getProvision().addProvision().setType(ConsentProvisionType.PERMIT).addSecurityLabel()
				.setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("42CFRPart2");
		assertThat(rules(consent).get(1).labelMask()).isEqualTo(Sensitivity.SUBSTANCE_USE.mask());
	}

	private static Consent privacy(ConsentProvisionType rootType) {
		Consent c = new Consent();
		c.setStatus(Consent.ConsentState.ACTIVE).setPatient(new Reference("Patient/f001"));
		c.getScope().addCoding().setSystem(ConsentProvisions.SCOPE_SYSTEM).setCode("patient-privacy");
		c.getProvision().setType(rootType);
		return c;
	}

	private static List<ConsentRule> rules(Consent consent) {
		return ConsentProvisions.rules(consent, 99L, ref -> ref == null ? null : IDS.get(ref));
	}

	private static Consent example(String file) throws IOException {
		String json = Files.readString(SharedCorpora.path("fhir-r4/spec-examples/" + file));
		return CTX.newJsonParser().parseResource(Consent.class, json);
	}
}
