package org.custodian.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.context.FhirContext;

/** A plain HTTP client for the FHIR API under test: raw requests, so tests see exact statuses and headers. */
public final class FhirHttp {

	private static final FhirContext CTX = FhirContext.forR4Cached();

	private final String base;
	private final String token;
	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	/** A client that sends no credentials. */
	public FhirHttp(String base) {
		this(base, null);
	}

	/** A client that sends {@code token} as its bearer token on every request (none when null). */
	public FhirHttp(String base, String token) {
		this.base = base;
		this.token = token;
	}

	/** The Authorization header value this client sends (null when it sends none). */
	public String authorization() {
		return token == null ? null : "Bearer " + token;
	}

	/** The same server, with another caller's token. */
	public FhirHttp as(String otherToken) {
		return new FhirHttp(base, otherToken);
	}

	public String base() {
		return base;
	}

	public Response get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	public Response post(String path, String body, String... headers) {
		return send(request(path, withJson(headers)).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response post(String path, IBaseResource resource, String... headers) {
		return post(path, json(resource), headers);
	}

	public Response put(String path, String body, String... headers) {
		return send(request(path, withJson(headers)).PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response put(String path, IBaseResource resource, String... headers) {
		return put(path, json(resource), headers);
	}

	public Response delete(String path, String... headers) {
		return send(request(path, headers).DELETE());
	}

	public static String json(IBaseResource resource) {
		// Sent as written: a versioned reference (Patient/1/_history/2) means something to the server.
		return CTX.newJsonParser().setStripVersionsFromReferences(false).encodeResourceToString(resource);
	}

	private HttpRequest.Builder request(String path, String... headers) {
		// Clients send the token separator percent-encoded; java.net.URI refuses it raw.
		String url = (base + (path.startsWith("/") ? path : "/" + path)).replace("|", "%7C");
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofMinutes(5));
		if (token != null) {
			b.header("Authorization", "Bearer " + token);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			b.header(headers[i], headers[i + 1]);
		}
		return b;
	}

	private static String[] withJson(String... headers) {
		for (int i = 0; i < headers.length; i += 2) {
			if (headers[i].equalsIgnoreCase("Content-Type")) {
				return headers;
			}
		}
		List<String> all = new ArrayList<>(List.of(headers));
		all.add("Content-Type");
		all.add("application/fhir+json");
		return all.toArray(String[]::new);
	}

	private Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(r.statusCode(), r.headers(), r.body());
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** A response with helpers to parse its body. */
	public record Response(int status, java.net.http.HttpHeaders headers, String body) {

		public <T extends IBaseResource> T as(Class<T> type) {
			if (body.startsWith("<")) {
				return CTX.newXmlParser().parseResource(type, body);
			}
			return CTX.newJsonParser().parseResource(type, body);
		}

		public OperationOutcome outcome() {
			return as(OperationOutcome.class);
		}

		/** The CUS-nnnn code of the first issue's details. */
		public String errorCode() {
			return outcome().getIssueFirstRep().getDetails().getCodingFirstRep().getCode();
		}

		public String header(String name) {
			return headers.firstValue(name).orElse(null);
		}
	}
}
