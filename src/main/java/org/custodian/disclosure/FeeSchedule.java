package org.custodian.disclosure;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code custodian.disclosure.fees.*}: what copies cost. A patient's own copies (164.524(c)(4)) are
 * cost-based: labour and supplies for copying and postage, never a search or retrieval fee; an
 * electronic copy may instead be a flat fee ({@code patientElectronicFlat}, $6.50 as OCR allows;
 * zero turns it off, charging nothing). Third parties pay this organization's schedule (a base fee
 * and a fee per page), which the state may cap; treatment and public-health disclosures are free.
 */
@ConfigurationProperties("custodian.disclosure.fees")
public record FeeSchedule(BigDecimal patientElectronicFlat, BigDecimal patientPaperPerPage, BigDecimal postage,
		BigDecimal thirdPartyBase, BigDecimal thirdPartyPerPage) {

	public FeeSchedule {
		patientElectronicFlat = patientElectronicFlat == null ? new BigDecimal("6.50") : patientElectronicFlat;
		patientPaperPerPage = patientPaperPerPage == null ? new BigDecimal("0.25") : patientPaperPerPage;
		postage = postage == null ? new BigDecimal("0.73") : postage;
		thirdPartyBase = thirdPartyBase == null ? new BigDecimal("25.00") : thirdPartyBase;
		thirdPartyPerPage = thirdPartyPerPage == null ? new BigDecimal("0.50") : thirdPartyPerPage;
	}

	public static FeeSchedule defaults() {
		return new FeeSchedule(null, null, null, null, null);
	}
}
