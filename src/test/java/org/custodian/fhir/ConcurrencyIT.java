package org.custodian.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ConcurrencyIT extends ServerTest {

	@RepeatedTest(3)
	void ofTwoRacingUpdatesOfTheSameVersionOneWinsAndTheOtherGetsAConflict() throws Exception {
		String id = new IdType(fhir.post("Patient", Fixtures.patient("Race", "Update")).header("Location")).getIdPart();
		Patient a = fhir.get("Patient/" + id).as(Patient.class).setActive(true);
		Patient b = fhir.get("Patient/" + id).as(Patient.class).setActive(false);

		List<Response> results = race(() -> fhir.put("Patient/" + id, a, "If-Match", "W/\"1\""),
				() -> fhir.put("Patient/" + id, b, "If-Match", "W/\"1\""));

		assertThat(results).extracting(Response::status).containsExactlyInAnyOrder(200, 412);
		assertThat(fhir.get("Patient/" + id).header("ETag")).isEqualTo("W/\"2\"");
		assertThat(countVersionsOf(id)).isEqualTo(2);
	}

	@Test
	void racingConditionalCreatesWithTheSameConditionCreateOneResource() throws Exception {
		Patient p = Fixtures.patient("Race", "Create");
		String condition = "identifier=" + Fixtures.MRN_SYSTEM + "|" + p.getIdentifierFirstRep().getValue();

		List<Response> results = race(() -> fhir.post("Patient", p, "If-None-Exist", condition),
				() -> fhir.post("Patient", p, "If-None-Exist", condition));

		assertThat(results).extracting(Response::status).containsExactlyInAnyOrder(201, 200);
		assertThat(results).extracting(r -> new IdType(r.header("Location")).getIdPart()).containsOnly(
				new IdType(results.get(0).header("Location")).getIdPart());
	}

	@Test
	void racingUpdateAsCreateOfTheSameIdNeverLosesAWrite() throws Exception {
		String id = "race-" + System.nanoTime();
		Patient a = Fixtures.patient("Race", "A");
		a.setId(id);
		Patient b = Fixtures.patient("Race", "B");
		b.setId(id);

		List<Response> results = race(() -> fhir.put("Patient/" + id, a), () -> fhir.put("Patient/" + id, b));

		// One creates; the other either updates it (serialized after) or is told to retry.
		assertThat(results).extracting(Response::status).contains(201);
		assertThat(results).extracting(Response::status).allMatch(s -> s == 200 || s == 201 || s == 409);
		int versions = countVersionsOf(id);
		long successes = results.stream().filter(r -> r.status() < 300).count();
		assertThat(versions).isEqualTo((int) successes);
	}

	private int countVersionsOf(String id) {
		Integer n = jdbc.queryForObject("select count(*) from resource_version where res_type = 'Patient' and fhir_id = ?",
				Integer.class, id);
		return n == null ? 0 : n;
	}

	@SafeVarargs
	private static List<Response> race(Callable<Response>... calls) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(calls.length);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Response>> futures = new ArrayList<>();
			for (Callable<Response> call : calls) {
				futures.add(pool.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			List<Response> out = new ArrayList<>();
			for (Future<Response> f : futures) {
				out.add(f.get());
			}
			return out;
		} finally {
			pool.shutdownNow();
		}
	}
}
