package org.custodian.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.http.HttpServletResponse;

/** No byte of an answer leaves before its audit record is committed; none at all if it cannot be. */
class AuditGateTest {

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient/1");
	private final MockHttpServletResponse real = new MockHttpServletResponse();

	@Test
	void holdsTheAnswerUntilTheRecordIsCommitted() throws Exception {
		CompletableFuture<Void> pending = new CompletableFuture<>();
		answer(pending, "{\"resourceType\":\"Patient\"}", () -> {
			assertThat(real.getContentAsByteArray()).as("nothing out while the record is pending").isEmpty();
			pending.complete(null);
		});
		assertThat(real.getStatus()).isEqualTo(200);
		assertThat(real.getContentAsString()).isEqualTo("{\"resourceType\":\"Patient\"}");
	}

	@Test
	void writesStraightThroughOnceTheRecordIsCommitted() throws Exception {
		answer(CompletableFuture.completedFuture(null), "{\"resourceType\":\"Bundle\"}", () -> {
			assertThat(real.getContentAsString()).isEqualTo("{\"resourceType\":\"Bundle\"}");
		});
	}

	@Test
	void withholdsTheAnswerWhenTheRecordCannotBeKept() throws Exception {
		CompletableFuture<Void> pending = new CompletableFuture<>();
		answer(pending, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Secret\"}]}",
				() -> pending.completeExceptionally(new IllegalStateException("database gone")));
		assertThat(real.getStatus()).isEqualTo(500);
		assertThat(real.getContentAsString()).contains("CUS-9003").doesNotContain("Secret");
	}

	@Test
	void waitsForTheRecordOnceTooMuchIsHeld() throws Exception {
		CompletableFuture<Void> pending = new CompletableFuture<>();
		new Thread(() -> {
			try {
				Thread.sleep(200);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			pending.complete(null);
		}).start();
		String big = "x".repeat(AuditGate.HELD_AT_MOST + 10);
		answer(pending, big, () -> assertThat(real.getContentAsByteArray()).as("written once the record was committed")
				.hasSize(big.length()));
	}

	/** Runs the gate over a servlet that marks the record pending, writes {@code body}, then runs {@code meanwhile}. */
	private void answer(CompletableFuture<Void> pending, String body, ThrowingRunnable meanwhile) throws Exception {
		new AuditGate().doFilter(request, real, (req, res) -> {
			AuditGate.pending(request, pending);
			HttpServletResponse answer = (HttpServletResponse) res;
			answer.setStatus(200);
			answer.setContentType("application/fhir+json;charset=UTF-8");
			answer.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
			answer.getOutputStream().flush();
			try {
				meanwhile.run();
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
	}

	private interface ThrowingRunnable {
		void run() throws Exception;
	}
}
