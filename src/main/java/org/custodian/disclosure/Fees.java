package org.custodian.disclosure;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The invoice for a package: what a request's copies cost under the fee schedule, line by line. A
 * copy the patient directs to a third party pays the third-party schedule: the cost-based limit
 * binds only the patient's own copies (Ciox Health v. Azar, D.D.C. 2020).
 */
final class Fees {

	/** One line of an invoice. */
	record Line(String what, BigDecimal amount) {}

	record Invoice(List<Line> lines) {
		Invoice {
			lines = List.copyOf(lines);
		}

		BigDecimal total() {
			return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_UP);
		}

		String text() {
			StringBuilder b = new StringBuilder();
			lines.forEach(l -> b.append(l.what()).append(": $").append(l.amount().setScale(2, RoundingMode.HALF_UP)).append('\n'));
			return b.append("Total: $").append(total()).toString();
		}
	}

	private Fees() {}

	/**
	 * @param format     the form the request asked for (paper, pdf, electronic, fhir, ccda)
	 * @param pages      the pages of a PDF package; null for electronic data
	 * @param selfServed the patient took the copy online, with no one's labour
	 */
	static Invoice of(Request r, String format, String delivery, Integer pages, boolean selfServed, FeeSchedule fees) {
		List<Line> lines = new ArrayList<>();
		boolean paper = "paper".equals(format);
		if (selfServed) {
			lines.add(new Line("Copy taken by the patient online", BigDecimal.ZERO));
		} else if (r.kind() == RequestKind.ACCESS && !r.directedByThePatient()) {
			if (!paper) {
				lines.add(new Line("Electronic copy, flat fee (no search or retrieval fee)", fees.patientElectronicFlat()));
			} else {
				int n = pages == null ? 0 : pages;
				lines.add(new Line("Copying, " + n + " pages (labour and supplies; no search or retrieval fee)",
						fees.patientPaperPerPage().multiply(BigDecimal.valueOf(n))));
			}
		} else if (r.purpose() == Purpose.TREATMENT || r.purpose() == Purpose.PUBLIC_HEALTH
				|| r.purpose() == Purpose.HEALTH_OVERSIGHT) {
			lines.add(new Line("No charge for " + r.purpose().code().replace('-', ' '), BigDecimal.ZERO));
		} else {
			lines.add(new Line("Processing", fees.thirdPartyBase()));
			if (pages != null) {
				lines.add(new Line(pages + " pages", fees.thirdPartyPerPage().multiply(BigDecimal.valueOf(pages))));
			}
		}
		if ("mail".equals(delivery) && !selfServed && lines.stream().anyMatch(l -> l.amount().signum() > 0)) {
			lines.add(new Line("Postage", fees.postage()));
		}
		return new Invoice(lines);
	}
}
