package org.custodian.search.battery;

import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Loads a {@link SyntheaDataSet} into a FHIR server, each bundle as one transaction or batch (over
 * HTTP, the way any client would, or handed straight to the server's bundle processing), and learns
 * from the responses which server id each Synthea resource got: a transaction or batch response has
 * one entry per request entry, in the same order (FHIR R4 http.html#transaction-response), whose
 * {@code response.location} names the resource.
 */
public final class DataSetLoader {

	private final String target;
	private final Function<byte[], FhirJsonClient.Reply> post;

	/** {@code post} processes one bundle's JSON and answers with the response bundle. */
	DataSetLoader(String target, Function<byte[], FhirJsonClient.Reply> post) {
		this.target = target;
		this.post = post;
	}

	/** Each bundle POSTed to the FHIR base. */
	public static DataSetLoader overHttp(String base, @Nullable String token) {
		FhirJsonClient http = new FhirJsonClient(token);
		return new DataSetLoader(base, body -> http.post(base, body));
	}

	/** Loads every bundle; fails on the first bundle, or batch entry, the server refuses. */
	public ServerIds load(SyntheaDataSet dataSet, Consumer<String> progress) {
		ServerIds ids = new ServerIds();
		for (Path file : dataSet.files()) {
			byte[] body = SyntheaDataSet.read(file);
			long t0 = System.nanoTime();
			FhirJsonClient.Reply reply = post.apply(body);
			if (!reply.ok()) {
				throw new IllegalStateException(target + " refused " + file.getFileName() + ": HTTP " + reply.status() + " "
						+ reply.diagnostics());
			}
			int learnt = learn(FhirJsonClient.parse(body), reply.body(), ids, file);
			progress.accept(String.format("loaded %s: %d resources in %d ms", file.getFileName(), learnt,
					(System.nanoTime() - t0) / 1_000_000));
		}
		return ids;
	}

	private static int learn(JsonNode request, JsonNode response, ServerIds ids, Path file) {
		JsonNode sent = request.path("entry");
		JsonNode got = response.path("entry");
		if (sent.size() != got.size()) {
			throw new IllegalStateException(file.getFileName() + ": " + sent.size() + " entries sent, " + got.size()
					+ " in the response");
		}
		for (int i = 0; i < sent.size(); i++) {
			JsonNode answer = got.get(i).path("response");
			String status = answer.path("status").asText();
			if (!status.startsWith("2")) {
				throw new IllegalStateException(file.getFileName() + " entry " + i + ": " + status + " "
						+ answer.path("outcome").path("issue").path(0).path("diagnostics").asText());
			}
			String fullUrl = sent.get(i).path("fullUrl").asText();
			String type = sent.get(i).path("resource").path("resourceType").asText();
			ids.put(serverRef(answer.path("location").asText()), type + "/" + fullUrl.substring("urn:uuid:".length()));
		}
		return sent.size();
	}

	/** {@code Type/id} from a location such as {@code Patient/12/_history/1} or {@code http://h/fhir/Patient/12}. */
	static String serverRef(String location) {
		String path = location;
		int history = path.indexOf("/_history/");
		if (history >= 0) {
			path = path.substring(0, history);
		}
		String[] parts = path.split("/");
		if (parts.length < 2) {
			throw new IllegalStateException("Cannot read a resource from location '" + location + "'");
		}
		return parts[parts.length - 2] + "/" + parts[parts.length - 1];
	}
}
