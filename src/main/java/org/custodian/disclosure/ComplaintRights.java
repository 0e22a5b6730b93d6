package org.custodian.disclosure;

/**
 * How a person may complain about a decision on their rights (164.524(d)(2)(iii), 164.526(d)(1)(iv)):
 * to the privacy officer and to the Secretary of HHS, without retaliation. One paragraph for every
 * letter that refuses something: access, a review, an amendment.
 */
public final class ComplaintRights {

	private ComplaintRights() {}

	/** The paragraph, after "You may ", quoting {@code quoting} ("request 12", "amendment request 3"). */
	public static String paragraph(String quoting) {
		return "complain about this decision to our privacy officer (write to the Privacy Office, quoting " + quoting
				+ ") and to the Secretary of the U.S. Department of Health and Human Services, Office for Civil Rights"
				+ " (www.hhs.gov/ocr/complaints). You will not be retaliated against for complaining.\n";
	}
}
