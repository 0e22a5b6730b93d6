package org.custodian.record;

import java.time.Instant;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * One immutable version of one resource as stored. A deleted version has no resource.
 *
 * @param operation what produced this version: created, updated or deleted
 */
public record StoredVersion(String type, String id, int version, Instant lastUpdated, Operation operation,
		@Nullable IBaseResource resource) {

	public enum Operation {
		CREATE('C'), UPDATE('U'), DELETE('D');

		private final char code;

		Operation(char code) {
			this.code = code;
		}

		public char code() {
			return code;
		}

		public static Operation of(char code) {
			return switch (code) {
				case 'C' -> CREATE;
				case 'U' -> UPDATE;
				case 'D' -> DELETE;
				default -> throw new IllegalArgumentException("operation " + code);
			};
		}
	}

	public boolean deleted() {
		return operation == Operation.DELETE;
	}

	/** {@code Type/id/_history/n}. */
	public String versionedReference() {
		return type + "/" + id + "/_history/" + version;
	}
}
