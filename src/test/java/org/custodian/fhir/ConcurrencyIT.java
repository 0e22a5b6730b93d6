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

	@Test
	void aWriteThatWaitedForALockIsNeverStampedBeforeTheWriteItWaitedBehind() throws Exception {
		String q = "lockq-" + System.nanoTime();
		String p = "lockp-" + System.nanoTime();
		fhir.put("Patient/" + q, "{\"resourceType\":\"Patient\",\"id\":\"" + q + "\"}");
		fhir.put("Patient/" + p, "{\"resourceType\":\"Patient\",\"id\":\"" + p + "\"}");
		javax.sql.DataSource ds = jdbc.getDataSource();
		try (java.sql.Connection holder = ds.getConnection()) {
			holder.setAutoCommit(false);
			holder.createStatement().execute("select 1 from resource where fhir_id = '" + q + "' for update");
			String tx = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
					+ "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient/" + q + "\"}},"
					+ "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"" + p + "\",\"active\":true},"
					+ "\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + p + "\"}}]}";
			ExecutorService pool = Executors.newSingleThreadExecutor();
			Future<Response> waiting = pool.submit(() -> fhir.post("", tx));
			Thread.sleep(500);
			holder.rollback();
			assertThat(waiting.get().status()).isEqualTo(200);
			pool.shutdown();
		}
		Patient current = fhir.get("Patient/" + p).as(Patient.class);
		Patient first = fhir.get("Patient/" + p + "/_history/1").as(Patient.class);
		assertThat(current.getMeta().getLastUpdated()).isAfter(first.getMeta().getLastUpdated());
		org.hl7.fhir.r4.model.Bundle history = fhir.get("Patient/" + p + "/_history").as(org.hl7.fhir.r4.model.Bundle.class);
		assertThat(history.getEntry()).extracting(e -> e.getResource().getMeta().getVersionId()).containsExactly("2", "1");
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
