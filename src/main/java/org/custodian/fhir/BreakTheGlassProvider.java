package org.custodian.fhir;

import java.util.Date;

import org.custodian.access.EmergencyAccess;
import org.custodian.access.EmergencyAccess.Case;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Break-the-glass over FHIR: {@code POST Patient/[id]/$break-the-glass} (parameters {@code reason},
 * optional {@code purpose}) opens a record in an emergency; a privacy officer lists the cases awaiting
 * review with {@code GET $break-the-glass-cases} and records a review with
 * {@code POST $break-the-glass-review} (parameters {@code case}, {@code note}).
 */
final class BreakTheGlassProvider {

	private final EmergencyAccess emergencies;
	private final RequestAccess access;

	BreakTheGlassProvider(EmergencyAccess emergencies, RequestAccess access) {
		this.emergencies = emergencies;
		this.access = access;
	}

	@Operation(name = "$break-the-glass", type = Patient.class, idempotent = false)
	public Parameters breakTheGlass(@IdParam IIdType id, @OperationParam(name = "reason", min = 1) StringType reason,
			@OperationParam(name = "purpose") @Nullable CodeType purpose, RequestDetails request) {
		Case opened = emergencies.breakTheGlass(access.of(request), id.getIdPart(), reason == null ? null : reason.getValue(),
				purpose == null ? null : purpose.getValue());
		Parameters out = new Parameters();
		out.addParameter().setName("case").setPart(java.util.List.of(parts(opened)));
		return out;
	}

	@Operation(name = "$break-the-glass-cases", idempotent = true)
	public Parameters cases(RequestDetails request) {
		Parameters out = new Parameters();
		for (Case c : emergencies.awaitingReview(access.of(request))) {
			out.addParameter().setName("case").setPart(java.util.List.of(parts(c)));
		}
		return out;
	}

	@Operation(name = "$break-the-glass-review", idempotent = false)
	public Parameters review(@OperationParam(name = "case", min = 1) StringType caseId,
			@OperationParam(name = "note", min = 1) StringType note, RequestDetails request) {
		emergencies.review(access.of(request), caseId.getValue(), note.getValue());
		Parameters out = new Parameters();
		out.addParameter().setName("reviewed").setValue(caseId);
		return out;
	}

	private static Parameters.ParametersParameterComponent[] parts(Case c) {
		return new Parameters.ParametersParameterComponent[] {
			new Parameters.ParametersParameterComponent().setName("id").setValue(new StringType(c.id())),
			new Parameters.ParametersParameterComponent().setName("actor").setValue(new StringType(c.actor())),
			new Parameters.ParametersParameterComponent().setName("patient").setValue(new Reference(c.patient())),
			new Parameters.ParametersParameterComponent().setName("reason").setValue(new StringType(c.reason())),
			new Parameters.ParametersParameterComponent().setName("purpose").setValue(new CodeType(c.purpose())),
			new Parameters.ParametersParameterComponent().setName("started")
					.setValue(new DateTimeType(Date.from(c.started()))),
			new Parameters.ParametersParameterComponent().setName("expires")
					.setValue(new DateTimeType(Date.from(c.expires()))),
		};
	}
}
