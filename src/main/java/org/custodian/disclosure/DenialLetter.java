package org.custodian.disclosure;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * The written denial of access 164.524(d)(2) asks for, in plain language: the basis; for a reviewable
 * ground, the right to have the denial reviewed by a licensed health care professional who took no
 * part in it, and how to ask; how to complain to this organization and to the Secretary of Health
 * and Human Services; and, where only part is denied, that the rest will be given.
 */
final class DenialLetter {

	private DenialLetter() {}

	static String of(ReleaseRequests.Received r, DenialGround ground, String explanation, @Nullable String determinedBy,
			LocalDate today) {
		StringBuilder b = new StringBuilder();
		b.append(today).append("\n\nDear ").append(r.request().requesterName()).append(",\n\n");
		b.append("We received your request for your health records on ").append(r.request().received())
				.append(" (request ").append(r.id()).append("). We are denying it, in whole or in part, because ")
				.append(ground.basis()).append(" (45 CFR ").append(ground.citation()).append(").\n\n");
		b.append(explanation.trim()).append("\n\n");
		b.append("Any part of your records not covered by this denial will be given to you.\n\n");
		if (ground.reviewable()) {
			b.append("This decision was made by ").append(determinedBy).append(", a licensed health care professional. You have"
					+ " the right to have it reviewed by another licensed health care professional who did not take part in it."
					+ " To ask for a review, write to the Health Information Management department, quoting request ")
					.append(r.id()).append(". We will tell you the reviewer's decision in writing.\n\n");
		} else {
			b.append("The law does not give a right to have this ground of denial reviewed.\n\n");
		}
		b.append("(For our records: information-blocking exception ").append(ground.informationBlockingException().citation())
				.append(".)\n\n");
		b.append("You may ").append(ComplaintRights.paragraph("request " + r.id()));
		return b.toString();
	}
}
