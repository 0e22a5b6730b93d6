package org.custodian.disclosure;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code custodian.disclosure.*}: the deadlines for answering requests, in calendar days from receipt.
 * Federal law sets access at 30 days with one 30-day extension (164.524(b)(2)) and accounting at 60
 * with one of 30 (164.528(c)); no federal deadline binds a disclosure to a third party, so
 * {@code disclosureDays} is the organization's own. A state whose law is stricter is configured in
 * {@code stateAccessDays} ({@code custodian.disclosure.state-access-days.CA=15}); the shorter applies.
 * {@code organization} is the name that cover letters and certifications give.
 * {@code certificationKeystore} (a PKCS#12 file, with {@code certificationKeystorePassword}) holds the
 * certificate the custodian's certification is signed with in a PDF package; without one, a
 * self-signed certificate over a key kept in the data directory.
 */
@ConfigurationProperties("custodian.disclosure")
public record DisclosureProperties(Integer accessDays, Integer accessExtensionDays, Integer accountingDays,
		Integer accountingExtensionDays, Integer disclosureDays, Map<String, Integer> stateAccessDays, String organization,
		@Nullable String certificationKeystore, @Nullable String certificationKeystorePassword) {

	public DisclosureProperties {
		accessDays = accessDays == null ? 30 : accessDays;
		accessExtensionDays = accessExtensionDays == null ? 30 : accessExtensionDays;
		accountingDays = accountingDays == null ? 60 : accountingDays;
		accountingExtensionDays = accountingExtensionDays == null ? 30 : accountingExtensionDays;
		disclosureDays = disclosureDays == null ? 30 : disclosureDays;
		stateAccessDays = stateAccessDays == null ? Map.of() : Map.copyOf(stateAccessDays);
		organization = organization == null || organization.isBlank() ? "Health Information Management" : organization;
	}

	/** The federal defaults and no state rules. */
	public static DisclosureProperties federal() {
		return new DisclosureProperties(null, null, null, null, null, null, null, null, null);
	}
}
