package org.custodian.identity;

import java.util.List;
import java.util.stream.Collectors;

import org.custodian.access.AccessContext;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Service;

/**
 * Looks for the person among the stored patients before a Patient is registered
 * ({@code custodian.identity.on-registration}): {@code warn} (the default) registers and reports the
 * likely duplicates; {@code refuse} refuses (409) when one is a certain match; {@code link}
 * registers with a {@code seealso} link to each certain match, for the HIM department to resolve;
 * {@code off} does not look.
 */
@Service
public class RegistrationCheck {

	public enum Mode {
		OFF, WARN, REFUSE, LINK
	}

	/** At most this many likely duplicates are reported. */
	static final int REPORTED = 5;

	private final PatientMatcher matcher;
	private final Mode mode;
	private final @org.jspecify.annotations.Nullable AuditTrail trail;
	private final AuditRecords records;

	@org.springframework.beans.factory.annotation.Autowired
	RegistrationCheck(PatientMatcher matcher, IdentityProperties properties, AuditTrail trail, ca.uhn.fhir.context.FhirContext ctx) {
		this.matcher = matcher;
		this.mode = properties.onRegistration();
		this.trail = trail;
		this.records = new AuditRecords(ctx);
	}

	/** Without an audit trail: for tests of the decision alone. */
	RegistrationCheck(PatientMatcher matcher, IdentityProperties properties) {
		this.matcher = matcher;
		this.mode = properties.onRegistration();
		this.trail = null;
		this.records = new AuditRecords(ca.uhn.fhir.context.FhirContext.forR4Cached());
	}

	/**
	 * The likely duplicates (certain and probable matches) of {@code patient}, which is about to be
	 * registered; adds links to it in link mode, refuses it in refuse mode when one is certain.
	 */
	public List<PatientMatcher.Candidate> check(AccessContext access, Patient patient) {
		if (mode == Mode.OFF) {
			return List.of();
		}
		List<PatientMatcher.Candidate> likely = matcher.match(access, patient, REPORTED, false).stream()
				.filter(c -> c.grade() == PatientMatcher.Grade.CERTAIN || c.grade() == PatientMatcher.Grade.PROBABLE).toList();
		List<PatientMatcher.Candidate> certain = likely.stream().filter(c -> c.grade() == PatientMatcher.Grade.CERTAIN).toList();
		if (!likely.isEmpty() && trail != null) {
			// The answer (a warning, a refusal or a link) names these patients to the caller: recorded as a read of them.
			AuditRecords.Touched touched = new AuditRecords.Touched();
			likely.forEach(c -> touched.patient("Patient/" + c.patient().id()).entity("Patient/" + c.patient().id()));
			trail.record(records.of(access, "rest", 'E', "registration-duplicate-check", AuditRecord.SUCCESS, touched, null,
					mode.name().toLowerCase(java.util.Locale.ROOT) + ": " + references(likely)));
		}
		if (mode == Mode.REFUSE && !certain.isEmpty()) {
			throw new CustodianException.Conflict(ErrorCode.LIKELY_DUPLICATE_PATIENT, "This person is most likely registered"
					+ " already, as " + references(certain) + ": open that record instead (Patient/$match explains the match)."
					+ " If they are a different person, the HIM department registers them");
		}
		if (mode == Mode.LINK) {
			for (PatientMatcher.Candidate c : certain) {
				patient.addLink().setType(Patient.LinkType.SEEALSO).setOther(new Reference("Patient/" + c.patient().id()));
			}
		}
		return likely;
	}

	public static String references(List<PatientMatcher.Candidate> candidates) {
		return candidates.stream().map(c -> "Patient/" + c.patient().id() + " (" + c.grade().code() + ")")
				.collect(Collectors.joining(", "));
	}
}
