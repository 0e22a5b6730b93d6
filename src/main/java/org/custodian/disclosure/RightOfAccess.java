package org.custodian.disclosure;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The patient's right of access, self-served (45 CFR 164.524; the Cures Act's "without special
 * effort"): a patient signed in gets their whole record at once, as a PDF, a FHIR Bundle or a C-CDA, with no
 * one on staff involved. It is a request like any other (received, decided, packaged, released and
 * recorded as a disclosure to the patient, so the access history shows it), made and answered in one
 * step, through the gate with the patient's own access.
 */
@Service
public class RightOfAccess {

	private final ReleaseRequests requests;
	private final ReleasePackages packages;
	private final TransactionTemplate transactions;
	private final Clock clock;

	RightOfAccess(ReleaseRequests requests, ReleasePackages packages, TransactionTemplate transactions, Clock clock) {
		this.requests = requests;
		this.packages = packages;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** The caller's own whole record, as {@code format} (pdf, fhir or ccda). */
	public ReleasePackages.Content copy(AccessContext access, String format) {
		String me = access.fhirUser();
		if (!access.roles().contains("patient") || me == null || !me.startsWith("Patient/")) {
			throw access.refused("right-of-access", "Patient", null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"Only a patient signed in as themself takes a copy of their own record here; staff use release of"
							+ " information");
		}
		String patient = me.substring("Patient/".length());
		return transactions.execute(status -> {
			Request request = new Request(patient, Requester.PATIENT, "the patient, online", Purpose.PATIENT_REQUEST,
					Instrument.NONE, Set.of(), LocalDate.now(clock), null, false, false);
			ReleaseRequests.Received r = requests.store(access, new ReleaseRequests.Intake(request, null,
					"The whole record, self-served", format, "portal", null, List.of(), null, null));
			if (r.decision().outcome() != Decision.Outcome.RELEASE) {
				throw new CustodianException.Conflict(ErrorCode.ROI_RELEASE_REFUSED, "Your copy cannot be made here; ask the"
						+ " release-of-information office");
			}
			ReleasePackages.Package p = packages.assemble(access, r.id(), format);
			requests.close(access, r.id(), "The whole record (" + p.resources() + " records) as " + format
					+ ", downloaded by the patient", null);
			return packages.stored(p.id());
		});
	}
}
