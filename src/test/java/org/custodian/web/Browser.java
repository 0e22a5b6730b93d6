package org.custodian.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as sign-in needs one: cookies kept, redirects not followed (the tests look at
 * each), forms posted with the CSRF token read from the page before.
 */
final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	record Page(int status, String location, String body) {
		String csrf() {
			Matcher m = CSRF.matcher(body);
			if (!m.find()) {
				throw new AssertionError("no CSRF token in: " + body);
			}
			return m.group(1);
		}

		/** A query parameter of the redirect target. */
		String locationParameter(String name) {
			String query = URI.create(location).getRawQuery();
			for (String pair : query == null ? new String[0] : query.split("&")) {
				String[] kv = pair.split("=", 2);
				if (kv[0].equals(name)) {
					return java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8);
				}
			}
			return null;
		}
	}

	private final String origin;
	private final HttpClient http;

	Browser(String origin) {
		this.origin = origin;
		this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	Page get(String pathOrUrl) {
		return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET().build());
	}

	Page post(String path, Map<String, String> form) {
		return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
	}

	/** A form with repeated fields (the consent page's scopes), as raw {@code name=value} pairs already joined. */
	Page postRaw(String path, String body) {
		return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	static String form(Map<String, String> fields) {
		return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
	}

	static Map<String, String> fields(String... namesAndValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			map.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return map;
	}

	static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : origin + pathOrUrl);
	}

	private Page send(HttpRequest request) {
		try {
			HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
