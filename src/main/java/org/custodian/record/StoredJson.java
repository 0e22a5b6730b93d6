package org.custodian.record;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * The JSON a resource was decoded from, kept on the decoded resource, so that a response can send
 * the stored bytes instead of encoding the model again (encoding is most of the cost of a large
 * search page). The bytes are HAPI's own JSON encoding without {@code id}'s version and without
 * {@code meta.versionId}/{@code meta.lastUpdated}, which the writer adds from the resource.
 */
public final class StoredJson {

	private static final String KEY = StoredJson.class.getName();

	private StoredJson() {}

	public static void attach(IBaseResource resource, byte[] json) {
		resource.setUserData(KEY, json);
	}

	/** The stored JSON, or null if the resource was not read from the store as it stands. */
	public static byte @Nullable [] of(IBaseResource resource) {
		return resource.getUserData(KEY) instanceof byte[] json ? json : null;
	}
}
