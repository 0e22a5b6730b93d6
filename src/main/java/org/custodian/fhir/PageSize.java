package org.custodian.fhir;

/** A client's {@code _count}, defaulted and clamped to the configured limits. */
final class PageSize {

	private PageSize() {}

	static int of(Integer count, FhirProperties properties) {
		if (count == null || count < 1) {
			return properties.defaultPageSize();
		}
		return Math.min(count, properties.maxPageSize());
	}
}
