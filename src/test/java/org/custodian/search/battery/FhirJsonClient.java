package org.custodian.search.battery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HTTP side of the battery, for any FHIR server: GETs and POSTs whose JSON answers are read as
 * plain trees (fast, and independent of how either server shapes its resources). Loopback servers only.
 */
final class FhirJsonClient {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	private final @Nullable String token;

	/** {@code token}: sent as the bearer access token of every request, when not null (Custodian needs one). */
	FhirJsonClient(@Nullable String token) {
		this.token = token;
	}

	/** A status and the parsed body (an empty object when the body is not JSON). */
	record Reply(int status, JsonNode body) {

		boolean ok() {
			return status >= 200 && status < 300;
		}

		/** The first issue's diagnostics of an OperationOutcome body, for error reports. */
		String diagnostics() {
			JsonNode issue = body.path("issue").path(0);
			String text = issue.path("diagnostics").asText("");
			return text.isEmpty() ? issue.path("details").path("text").asText("") : text;
		}
	}

	/** A search answers within two minutes on this data set, or something is wrong with the server. */
	Reply get(String url, String... headers) {
		return send(request(url, Duration.ofMinutes(2), headers).GET());
	}

	/** Loading the largest bundle takes HAPI about half a minute on a busy machine; allow plenty. */
	Reply post(String url, byte[] body) {
		return send(request(url, Duration.ofMinutes(10), "Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	private HttpRequest.Builder request(String url, Duration timeout, String... headers) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
				.header("Accept", "application/fhir+json");
		if (token != null) {
			b.header("Authorization", "Bearer " + token);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			b.header(headers[i], headers[i + 1]);
		}
		return b;
	}

	private Reply send(HttpRequest.Builder builder) {
		try {
			HttpResponse<byte[]> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Reply(r.statusCode(), parse(r.body()));
		} catch (IOException e) {
			throw new IllegalStateException("HTTP request failed: " + e, e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	static JsonNode parse(byte[] body) {
		try {
			return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
		} catch (IOException e) {
			return JSON.createObjectNode().put("unparsed", new String(body, java.nio.charset.StandardCharsets.UTF_8));
		}
	}

	static ObjectMapper json() {
		return JSON;
	}
}
