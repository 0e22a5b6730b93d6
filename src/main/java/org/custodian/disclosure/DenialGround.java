package org.custodian.disclosure;

/**
 * The grounds on which the right of access may be denied (45 CFR 164.524(a)), each with whether the
 * patient may have the denial reviewed by another licensed health care professional.
 */
public enum DenialGround {
	PSYCHOTHERAPY_NOTES(false, "164.524(a)(1)(i)", "the information is psychotherapy notes"),
	LITIGATION(false, "164.524(a)(1)(ii)", "the information was compiled in reasonable anticipation of, or for use in, a legal"
			+ " proceeding"),
	CORRECTIONAL(false, "164.524(a)(2)(ii)", "you are an inmate and a copy would jeopardize health, safety, security,"
			+ " custody or rehabilitation"),
	RESEARCH(false, "164.524(a)(2)(iii)", "the information was created in research that is still under way, and you agreed"
			+ " to this when you joined it"),
	PRIVACY_ACT(false, "164.524(a)(2)(iv)", "the records are subject to the Privacy Act, which allows this denial"),
	CONFIDENTIAL_SOURCE(false, "164.524(a)(2)(v)", "the information was obtained from someone other than a health care"
			+ " provider under a promise of confidentiality, and access would likely reveal the source"),
	ENDANGERMENT(true, "164.524(a)(3)(i)", "a licensed health care professional has determined that access is reasonably"
			+ " likely to endanger the life or physical safety of you or another person"),
	HARM_TO_OTHERS(true, "164.524(a)(3)(ii)", "the information refers to another person, and a licensed health care"
			+ " professional has determined that access is reasonably likely to cause that person substantial harm"),
	REPRESENTATIVE(true, "164.524(a)(3)(iii)", "the request is made by a personal representative, and a licensed health care"
			+ " professional has determined that access by them is reasonably likely to cause substantial harm");

	private final boolean reviewable;
	private final String citation;
	private final String basis;

	DenialGround(boolean reviewable, String citation, String basis) {
		this.reviewable = reviewable;
		this.citation = citation;
		this.basis = basis;
	}

	public boolean reviewable() {
		return reviewable;
	}

	/**
	 * The information-blocking exception (45 CFR 171) that a denial on this ground rests on, for the
	 * record ONC's rule asks to keep: a professional's determination of harm is the Preventing Harm
	 * exception; the other grounds are permitted denials under the Privacy Rule, the Privacy exception.
	 */
	public InformationBlockingException informationBlockingException() {
		return reviewable ? InformationBlockingException.PREVENTING_HARM : InformationBlockingException.PRIVACY;
	}

	public String citation() {
		return citation;
	}

	public String basis() {
		return basis;
	}

	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	public static DenialGround of(String code) {
		return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
	}
}
