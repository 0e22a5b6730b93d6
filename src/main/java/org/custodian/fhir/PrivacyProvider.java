package org.custodian.fhir;

import java.util.Date;
import java.util.List;

import org.custodian.access.AccessSuspensions;
import org.custodian.audit.PrivacyAlerts;
import org.custodian.audit.PrivacyAlerts.Alert;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * The privacy officer's work over FHIR: {@code GET $privacy-alerts} (optional {@code status}) lists
 * the case queue, urgent first; {@code POST $privacy-alert-review} ({@code alert}, {@code status},
 * {@code outcome} when closing, {@code note}) records the investigation; {@code GET $access-suspensions}
 * lists users suspended by containment and {@code POST $lift-suspension} ({@code user}, {@code note})
 * restores one.
 */
final class PrivacyProvider {

	private final PrivacyAlerts alerts;
	private final AccessSuspensions suspensions;
	private final RequestAccess access;

	PrivacyProvider(PrivacyAlerts alerts, AccessSuspensions suspensions, RequestAccess access) {
		this.alerts = alerts;
		this.suspensions = suspensions;
		this.access = access;
	}

	@Operation(name = "$privacy-alerts", idempotent = true)
	public Parameters queue(@OperationParam(name = "status") @Nullable CodeType status, RequestDetails request) {
		Parameters out = new Parameters();
		for (Alert a : alerts.queue(access.of(request), status == null ? null : status.getValue())) {
			ParametersParameterComponent p = out.addParameter().setName("alert");
			p.addPart().setName("id").setValue(new StringType(String.valueOf(a.id())));
			p.addPart().setName("raised").setValue(new DateTimeType(Date.from(a.raised())));
			p.addPart().setName("rule").setValue(new CodeType(a.rule()));
			p.addPart().setName("score").setValue(new IntegerType(a.score()));
			p.addPart().setName("urgent").setValue(new BooleanType(a.urgent()));
			p.addPart().setName("user").setValue(new StringType(a.actor()));
			if (a.patient() != null) {
				p.addPart().setName("patient").setValue(new Reference(a.patient()));
			}
			p.addPart().setName("occurrences").setValue(new IntegerType(a.occurrences()));
			p.addPart().setName("summary").setValue(new StringType(a.summary()));
			p.addPart().setName("status").setValue(new CodeType(a.status()));
			if (a.outcome() != null) {
				p.addPart().setName("outcome").setValue(new CodeType(a.outcome()));
			}
			if (a.notes() != null) {
				p.addPart().setName("notes").setValue(new StringType(a.notes()));
			}
		}
		return out;
	}

	@Operation(name = "$privacy-alert-review", idempotent = false)
	public Parameters review(@OperationParam(name = "alert", min = 1) StringType alert,
			@OperationParam(name = "status", min = 1) CodeType status,
			@OperationParam(name = "outcome") @Nullable CodeType outcome,
			@OperationParam(name = "note", min = 1) StringType note, RequestDetails request) {
		long id;
		try {
			id = Long.parseLong(alert.getValue());
		} catch (NumberFormatException e) {
			id = -1;
		}
		alerts.review(access.of(request), id, status.getValue(), outcome == null ? null : outcome.getValue(), note.getValue());
		Parameters out = new Parameters();
		out.addParameter().setName("reviewed").setValue(alert);
		return out;
	}

	@Operation(name = "$access-suspensions", idempotent = true)
	public Parameters suspended(RequestDetails request) {
		Parameters out = new Parameters();
		for (AccessSuspensions.Suspension s : suspensions.active(access.of(request))) {
			out.addParameter().setName("suspension").setPart(List.of(
					new ParametersParameterComponent().setName("user").setValue(new StringType(s.actor())),
					new ParametersParameterComponent().setName("since").setValue(new DateTimeType(Date.from(s.since()))),
					new ParametersParameterComponent().setName("reason").setValue(new StringType(s.reason()))));
		}
		return out;
	}

	@Operation(name = "$lift-suspension", idempotent = false)
	public Parameters lift(@OperationParam(name = "user", min = 1) StringType user,
			@OperationParam(name = "note", min = 1) StringType note, RequestDetails request) {
		suspensions.lift(access.of(request), user.getValue(), note.getValue());
		Parameters out = new Parameters();
		out.addParameter().setName("lifted").setValue(user);
		return out;
	}
}
