package org.custodian.fhir;

import org.custodian.claims.ClaimScrubber;
import org.custodian.claims.Claims;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Claims over FHIR: {@code POST Encounter/{id}/$build-claim} (a Claim from the encounter's signed
 * final coding, professional or, with {@code type=institutional}, institutional; stored, with the
 * scrubber's edits), {@code GET Claim/{id}/$scrub} (the edits again),
 * and {@code GET Claim/{id}/$x12-837} (the claim as an 837P or 837I file, refused with the
 * errors while it is not clean).
 */
final class ClaimProvider {

	private final Claims claims;
	private final RequestAccess access;

	ClaimProvider(Claims claims, RequestAccess access) {
		this.claims = claims;
		this.access = access;
	}

	/** {@code type}: professional (default) or institutional. */
	@Operation(name = "$build-claim", type = Encounter.class, idempotent = false)
	public Parameters build(@IdParam IdType id, @ca.uhn.fhir.rest.annotation.OperationParam(name = "type")
			org.hl7.fhir.r4.model.@org.jspecify.annotations.Nullable CodeType type, RequestDetails request) {
		return answer(claims.build(access.of(request), id.getIdPart(), type == null || type.getValue() == null ? "professional"
				: type.getValue()));
	}

	@Operation(name = "$scrub", type = Claim.class, idempotent = true)
	public Parameters scrub(@IdParam IdType id, RequestDetails request) {
		return answer(claims.scrub(access.of(request), id.getIdPart()));
	}

	@Operation(name = "$line-modifiers", type = Claim.class, idempotent = false)
	public Parameters modifiers(@IdParam IdType id, @ca.uhn.fhir.rest.annotation.OperationParam(name = "line")
			org.hl7.fhir.r4.model.@org.jspecify.annotations.Nullable IntegerType line, @ca.uhn.fhir.rest.annotation.OperationParam(
					name = "modifier", max = ca.uhn.fhir.rest.annotation.OperationParam.MAX_UNLIMITED)
			java.util.@org.jspecify.annotations.Nullable List<org.hl7.fhir.r4.model.CodeType> modifiers, RequestDetails request) {
		if (line == null || line.getValue() == null) {
			throw new org.custodian.support.CustodianException.Invalid(org.custodian.support.ErrorCode.CLAIM_INVALID,
					"Name the claim line (line) whose modifiers these are");
		}
		return answer(claims.setModifiers(access.of(request), id.getIdPart(), line.getValue(), modifiers == null
				? java.util.List.of() : modifiers.stream().map(org.hl7.fhir.r4.model.CodeType::getValue).toList()));
	}

	@Operation(name = "$x12-837", type = Claim.class, idempotent = true)
	public Binary x12(@IdParam IdType id, RequestDetails request) {
		Claims.Edi edi = claims.x12(access.of(request), id.getIdPart());
		Binary b = new Binary();
		b.setContentType("application/edi-x12");
		b.setData(edi.bytes());
		b.setSecurityContext(new org.hl7.fhir.r4.model.Reference(edi.patient())); // the audit record names the patient
		return b;
	}

	private static Parameters answer(Claims.Built built) {
		Parameters out = new Parameters();
		out.addParameter("claim", new Reference("Claim/" + built.id()));
		out.addParameter("patient", built.claim().getPatient());
		out.addParameter("clean", new org.hl7.fhir.r4.model.BooleanType(built.edits().stream().noneMatch(e -> e.severity()
				.equals("error"))));
		for (ClaimScrubber.Edit e : built.edits()) {
			ParametersParameterComponent p = out.addParameter().setName("edit");
			p.addPart().setName("id").setValue(new CodeType(e.id()));
			p.addPart().setName("severity").setValue(new CodeType(e.severity()));
			p.addPart().setName("message").setValue(new StringType(e.message()));
			p.addPart().setName("source").setValue(new StringType(e.source()));
		}
		return out;
	}
}
