package org.custodian.disclosure;

import java.time.LocalDate;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A request for records as received.
 *
 * @param patient        the patient whose records ({@code Patient} id)
 * @param requester      who asks
 * @param requesterName  their name (a person, a firm, an agency)
 * @param purpose        why
 * @param instrument     what the request rests on
 * @param sensitive      the sensitive categories the request asks for explicitly
 * @param received       the day it was received (deadlines run from it)
 * @param jurisdiction   the state whose rules apply (may shorten deadlines), or null for federal only
 * @param representativeAuthorityVerified  a personal representative's authority has been seen and checked
 * @param assurances     for a subpoena: the satisfactory assurances of 164.512(e)(1)(ii) were received
 *                       (the patient was notified and did not object in time, or a qualified protective order)
 */
public record Request(String patient, Requester requester, String requesterName, Purpose purpose, Instrument instrument,
		Set<SensitiveCategory> sensitive, LocalDate received, @Nullable String jurisdiction,
		boolean representativeAuthorityVerified, boolean assurances) {

	public Request {
		sensitive = Set.copyOf(sensitive);
	}

	/** The patient's own request (or their representative's): the right of access. */
	public boolean byThePatient() {
		return requester == Requester.PATIENT || requester == Requester.PERSONAL_REPRESENTATIVE;
	}

	/** The right of access exercised by the patient's direction to send their record to a third party. */
	public boolean directedByThePatient() {
		return instrument == Instrument.PATIENT_DIRECTION && !byThePatient();
	}

	/** The patient's right of access, whether they take the copy or direct it to someone. */
	public boolean rightOfAccess() {
		return byThePatient() && purpose == Purpose.PATIENT_REQUEST || directedByThePatient();
	}

	public RequestKind kind() {
		if (purpose == Purpose.ACCOUNTING) {
			return RequestKind.ACCOUNTING;
		}
		return rightOfAccess() ? RequestKind.ACCESS : RequestKind.DISCLOSURE;
	}
}
