package org.custodian.disclosure;

import java.time.LocalDate;

/**
 * The written notice of the reviewing professional's determination (164.524(d)(4)): the denial
 * upheld, with what remains open to the patient (a complaint), or overturned, with the access that
 * will now be given.
 */
final class DenialReviewLetter {

	private DenialReviewLetter() {}

	static String of(ReleaseRequests.Received r, String reviewer, boolean upheld, String note, LocalDate today) {
		StringBuilder b = new StringBuilder();
		b.append(today).append("\n\nDear ").append(r.request().requesterName()).append(",\n\n");
		b.append("You asked us to review our denial of your request for your health records (request ").append(r.id())
				.append("). The review was made by ").append(reviewer).append(", a licensed health care professional who took"
						+ " no part in the original decision.\n\n");
		if (upheld) {
			b.append("The reviewer upheld the denial. ").append(note.trim()).append("\n\n");
			b.append("This ends the review the law provides. You may still ").append(ComplaintRights.paragraph("request " + r.id()));
		} else {
			b.append("The reviewer did not uphold the denial. ").append(note.trim()).append("\n\n");
			b.append("We will now give you the records you asked for, as the reviewer decided. We will tell you when they are"
					+ " ready and how they will reach you.\n");
		}
		return b.toString();
	}
}
