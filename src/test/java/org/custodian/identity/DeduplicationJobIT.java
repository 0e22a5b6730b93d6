package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Batch deduplication over FHIR: a run, its progress, the review queue with explanations, "not the same person". */
class DeduplicationJobIT extends ServerTest {

	private final String family = "Dup" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");

	private String create(String given, String born, String line) {
		Patient p = new Patient();
		p.addName().setFamily(family).addGiven(given);
		p.setBirthDateElement(new DateType(born));
		p.addAddress().addLine(line).setCity("Springfield").setPostalCode("62701");
		Response r = fhir.post("Patient", p);
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	private FhirHttp him() {
		return fhir.as(token("him-" + family, Set.of(Role.HIM), List.of("user/*.rs"), null));
	}

	private Parameters runToTheEnd(FhirHttp him) throws InterruptedException {
		Response started = him.post("$deduplicate", new Parameters());
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		int run = ((IntegerType) started.as(Parameters.class).getParameterValue("run")).getValue();
		Instant until = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(until)) {
			Parameters status = him.get("$deduplicate-status?run=" + run).as(Parameters.class);
			String state = status.getParameterValue("state").primitiveValue();
			if (!state.equals("running")) {
				assertThat(state).as(status.toString()).isEqualTo("finished");
				return status;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("Run " + run + " did not finish");
	}

	private List<Parameters.ParametersParameterComponent> pairsOf(FhirHttp him, String a, String b) {
		return him.get("$duplicates?count=1000").as(Parameters.class).getParameter().stream()
				.filter(p -> Set.of(ref(p, "a"), ref(p, "b")).equals(Set.of("Patient/" + a, "Patient/" + b))).toList();
	}

	private static String ref(Parameters.ParametersParameterComponent pair, String name) {
		return ((Reference) pair.getPart().stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow().getValue())
				.getReference();
	}

	@Test
	void findsADuplicateExplainsItAndNeverBringsBackAPairMarkedNotTheSame() throws Exception {
		String katherine = create("Katherine", "1977-04-05", "4 Oak Avenue");
		String kathy = create("Kathy", "1977-05-04", "4 Oak Ave");
		create("Zebulon", "1933-01-01", "99 Far Road");
		FhirHttp him = him();

		Parameters status = runToTheEnd(him);

		assertThat(((IntegerType) status.getParameterValue("patients")).getValue()).isGreaterThanOrEqualTo(3);
		List<Parameters.ParametersParameterComponent> pair = pairsOf(him, katherine, kathy);
		assertThat(pair).hasSize(1);
		String explanation = pair.get(0).getPart().stream().filter(x -> x.getName().equals("explanation")).findFirst()
				.orElseThrow().getValue().primitiveValue();
		assertThat(explanation).contains("given nickname").contains("birth-date slip").contains("family same");

		Parameters notSame = new Parameters();
		notSame.addParameter().setName("a").setValue(new Reference("Patient/" + katherine));
		notSame.addParameter().setName("b").setValue(new Reference("Patient/" + kathy));
		notSame.addParameter("note", "Mother and daughter; confirmed by phone with the family");
		assertThat(him.post("$not-duplicate", notSame).status()).isEqualTo(200);
		assertThat(pairsOf(him, katherine, kathy)).isEmpty();

		runToTheEnd(him);

		assertThat(pairsOf(him, katherine, kathy)).as("a pair marked not the same never comes back").isEmpty();
		assertThat(jdbc.queryForList("select detail from audit_event where subtype = '$deduplicate' and actor like"
				+ " 'system:%' order by seq desc limit 1", String.class)).singleElement().asString().contains("him-" + family);
	}

	@Test
	void onlyHimStaffRunIt() {
		FhirHttp clinician = fhir.as(token("dr-" + family, Set.of(Role.CLINICIAN), List.of("user/*.rs"), null));

		assertThat(clinician.post("$deduplicate", new Parameters()).status()).isEqualTo(403);
		assertThat(clinician.get("$duplicates").status()).isEqualTo(403);
	}
}
