package org.custodian.fhir;

import org.custodian.identity.MatchModel;
import org.custodian.identity.PatientMatcher;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * {@code POST Patient/$match} (FHIR R4, as IHE PDQm ITI-119): parameters {@code resource} (the
 * Patient sought), optional {@code onlyCertainMatches} and {@code count} (default 10, at most 50).
 * Answers a searchset of candidates, best first, each with {@code search.mode = match}, its
 * probability in {@code search.score}, the {@code match-grade} extension, and the score's
 * explanation field by field (an extension of ours, for the people who review possible matches).
 */
final class MatchProvider {

	static final String MATCH_GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";
	static final String EXPLANATION = "https://custodian.dev/fhir/StructureDefinition/match-explanation";
	static final int DEFAULT_COUNT = 10;
	static final int MOST = 50;

	private final PatientMatcher matcher;
	private final RequestAccess access;

	MatchProvider(PatientMatcher matcher, RequestAccess access) {
		this.matcher = matcher;
		this.access = access;
	}

	@Operation(name = "$match", type = Patient.class, idempotent = false)
	public Bundle match(@OperationParam(name = "resource", min = 1) Patient resource,
			@OperationParam(name = "onlyCertainMatches") @Nullable BooleanType onlyCertain,
			@OperationParam(name = "count") @Nullable IntegerType count, RequestDetails request) {
		if (resource == null) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_RESOURCE, "$match needs the Patient sought as parameter 'resource'");
		}
		int n = count == null || count.getValue() == null ? DEFAULT_COUNT : count.getValue();
		if (n < 1 || n > MOST) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE, "count is 1 to " + MOST + ", not " + n);
		}
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		for (PatientMatcher.Candidate c : matcher.match(access.of(request), resource, n,
				onlyCertain != null && Boolean.TRUE.equals(onlyCertain.getValue()))) {
			Patient p = (Patient) c.patient().resource();
			Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(request.getFhirServerBase() + "/Patient/"
					+ c.patient().id()).setResource(p);
			entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH)
					.setScore(Math.round(c.probability() * 10_000) / 10_000.0)
					.addExtension(MATCH_GRADE, new CodeType(c.grade().code()));
			var explanation = entry.getSearch().addExtension().setUrl(EXPLANATION);
			explanation.addExtension("bits", new org.hl7.fhir.r4.model.DecimalType(Math.round(c.score().total() * 100) / 100.0));
			for (MatchModel.Contribution part : c.score().contributions()) {
				var field = explanation.addExtension().setUrl("field");
				field.addExtension("name", new CodeType(part.field().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
				field.addExtension("level", new StringType(part.level()));
				field.addExtension("weight", new org.hl7.fhir.r4.model.DecimalType(Math.round(part.weight() * 100) / 100.0));
			}
		}
		bundle.setTotal(bundle.getEntry().size());
		return bundle;
	}
}
