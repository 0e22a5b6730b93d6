package org.custodian.ingest.hl7;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code custodian.hl7.*}: how each sender's identifiers are named in FHIR. {@code authorities} gives
 * an assigning authority's namespace (CX-4.1) the system it stands for
 * ({@code custodian.hl7.authorities.GOODHEALTH=urn:oid:2.16.840.1.113883.3.1}); {@code facilities}
 * gives a sending facility (MSH-4.1) the system of the identifiers it sends with no assigning authority
 * ({@code custodian.hl7.facilities.[LAB WEST]=urn:oid:…}). Otherwise an ISO OID becomes
 * {@code urn:oid:}, and a name a system under {@code urn:custodian:hl7:}. {@code time-zone} (the
 * server's by default) is the senders' zone for times given without an offset.
 */
@ConfigurationProperties("custodian.hl7")
public record Hl7Properties(Map<String, String> authorities, Map<String, String> facilities,
		@org.jspecify.annotations.Nullable String timeZone) {

	public Hl7Properties {
		authorities = authorities == null ? Map.of() : Map.copyOf(authorities);
		facilities = facilities == null ? Map.of() : Map.copyOf(facilities);
	}

	/** The zone of the senders' clocks, for times that carry no offset (and a message whose MSH-7 has none). */
	public java.time.ZoneId zone() {
		return timeZone == null || timeZone.isBlank() ? java.time.ZoneId.systemDefault() : java.time.ZoneId.of(timeZone);
	}
}
