package org.custodian.claims;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code custodian.claims.*}: who bills and to whom claims are sent, and the charge master.
 * {@code billing-provider} (name, npi, tax-id, address, city, state, zip), {@code submitter} (name,
 * id as the clearinghouse assigned it, and a contact phone) and {@code receiver} (name, id), {@code charges} (a
 * procedure or service code and its charge: {@code custodian.claims.charges.99213=150.00}), the
 * place of service code for professional claims ({@code place-of-service}, 11: office), and for
 * institutional claims each service's revenue code ({@code revenue-codes.85025=0305}) or the default
 * ({@code default-revenue-code}, 0510: clinic).
 */
@ConfigurationProperties("custodian.claims")
public record ClaimsProperties(@Nullable Party billingProvider, @Nullable Party submitter, @Nullable Party receiver,
		Map<String, BigDecimal> charges, String placeOfService, Map<String, String> revenueCodes, String defaultRevenueCode) {

	/** An organization on a claim. */
	public record Party(@Nullable String name, @Nullable String id, @Nullable String npi, @Nullable String taxId,
			@Nullable String address, @Nullable String city, @Nullable String state, @Nullable String zip,
			@Nullable String phone) {}

	public ClaimsProperties {
		charges = charges == null ? Map.of() : Map.copyOf(charges);
		placeOfService = placeOfService == null || placeOfService.isBlank() ? "11" : placeOfService;
		revenueCodes = revenueCodes == null ? Map.of() : Map.copyOf(revenueCodes);
		defaultRevenueCode = defaultRevenueCode == null || defaultRevenueCode.isBlank() ? "0510" : defaultRevenueCode;
	}
}
