package org.custodian.fhir;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The FHIR API's limits.
 *
 * @param maxPayloadBytes largest request body accepted (default 256 MiB: Synthea's largest patient
 *                        bundles approach 90 MB)
 * @param defaultPageSize history page size when the client gives no {@code _count}
 * @param maxPageSize     largest {@code _count} honoured
 */
@Validated
@ConfigurationProperties("custodian.fhir")
public record FhirProperties(@Min(1024) long maxPayloadBytes, @Min(1) @Max(10000) int defaultPageSize,
		@Min(1) @Max(10000) int maxPageSize) {

	public FhirProperties {
		if (maxPayloadBytes == 0) {
			maxPayloadBytes = 256L * 1024 * 1024;
		}
		if (defaultPageSize == 0) {
			defaultPageSize = 20;
		}
		if (maxPageSize == 0) {
			maxPageSize = 1000;
		}
	}
}
