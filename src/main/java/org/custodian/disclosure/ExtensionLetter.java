package org.custodian.disclosure;

import java.time.LocalDate;

/**
 * The written notice of a delay that the one extension requires (164.524(b)(2)(ii) for access,
 * 164.528(c)(1)(ii) for an accounting): the reason for the delay and the date by which the request
 * will be answered, sent within the first period. The information-blocking exception relied on is
 * noted for the organization's records.
 */
final class ExtensionLetter {

	private ExtensionLetter() {}

	static String of(ReleaseRequests.Received r, String reason, LocalDate due, InformationBlockingException exception,
			LocalDate today) {
		String what = r.kind() == RequestKind.ACCOUNTING ? "an accounting of disclosures of your health information"
				: "your health records";
		return today + "\n\nDear " + r.request().requesterName() + ",\n\n"
				+ "We received your request for " + what + " on " + r.request().received() + " (request " + r.id() + ")."
				+ " We need more time to answer it, because " + lowerFirst(reason.trim()) + "\n\n"
				+ "We will answer your request no later than " + due + ". The law allows us one such extension, and we will"
				+ " not take another.\n\n"
				+ "If you have questions, write to the Health Information Management department, quoting request " + r.id()
				+ ".\n\n"
				+ "(For our records: information-blocking exception " + exception.citation() + ".)\n";
	}

	private static String lowerFirst(String s) {
		String t = s.endsWith(".") ? s : s + ".";
		return t.length() > 1 && Character.isUpperCase(t.charAt(0)) && !Character.isUpperCase(t.charAt(1))
				? Character.toLowerCase(t.charAt(0)) + t.substring(1) : t;
	}
}
