package org.custodian.ingest.hl7;

/** A message that cannot be applied as it stands (no patient identifier, say): kept in error for staff to correct. */
final class V2Exception extends RuntimeException {

	private static final long serialVersionUID = 1L;

	V2Exception(String message) {
		super(message);
	}
}
