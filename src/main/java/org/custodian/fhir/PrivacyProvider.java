package org.custodian.fhir;

import java.util.Date;
import java.util.List;

import org.custodian.access.AccessSuspensions;
import org.custodian.audit.BreachIncidents;
import org.custodian.audit.PrivacyAlerts;
import org.custodian.audit.PrivacyAlerts.Alert;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
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
 * restores one. Breach assessment: {@code POST $breach-incident} ({@code discovered}, {@code description},
 * {@code alert}, {@code patient}…), {@code POST $breach-assessment} (the four factors, {@code risk},
 * {@code determination}), {@code POST $breach-notification} ({@code recipient}, {@code sent}),
 * {@code GET $breach-incidents} with each notification's deadline and status.
 */
final class PrivacyProvider {

	private final PrivacyAlerts alerts;
	private final AccessSuspensions suspensions;
	private final BreachIncidents breaches;
	private final RequestAccess access;

	PrivacyProvider(PrivacyAlerts alerts, AccessSuspensions suspensions, BreachIncidents breaches, RequestAccess access) {
		this.alerts = alerts;
		this.suspensions = suspensions;
		this.breaches = breaches;
		this.access = access;
	}

	@Operation(name = "$breach-incident", idempotent = false)
	public Parameters openIncident(@OperationParam(name = "discovered", min = 1) DateType discovered,
			@OperationParam(name = "description", min = 1) StringType description,
			@OperationParam(name = "alert") @Nullable StringType alert,
			@OperationParam(name = "patient", max = OperationParam.MAX_UNLIMITED) @Nullable List<Reference> patients,
			RequestDetails request) {
		long id = breaches.open(access.of(request), localDate(discovered), description.getValue(),
				alert == null ? null : number(alert.getValue()),
				patients == null ? List.of() : patients.stream().map(Reference::getReference).toList());
		Parameters out = new Parameters();
		out.addParameter().setName("incident").setValue(new StringType(String.valueOf(id)));
		return out;
	}

	@Operation(name = "$breach-assessment", idempotent = false)
	public Parameters assess(@OperationParam(name = "incident", min = 1) StringType incident,
			@OperationParam(name = "natureAndExtent", min = 1) StringType nature,
			@OperationParam(name = "recipient", min = 1) StringType recipient,
			@OperationParam(name = "acquiredOrViewed", min = 1) StringType acquired,
			@OperationParam(name = "mitigation", min = 1) StringType mitigation,
			@OperationParam(name = "risk", min = 1) CodeType risk,
			@OperationParam(name = "determination", min = 1) CodeType determination, RequestDetails request) {
		BreachIncidents.Incident i = breaches.assess(access.of(request), number(incident.getValue()),
				new BreachIncidents.Assessment(nature.getValue(), recipient.getValue(), acquired.getValue(),
						mitigation.getValue(), risk.getValue()), determination.getValue());
		Parameters out = new Parameters();
		out.addParameter(describe(i));
		return out;
	}

	@Operation(name = "$breach-notification", idempotent = false)
	public Parameters notified(@OperationParam(name = "incident", min = 1) StringType incident,
			@OperationParam(name = "recipient", min = 1) CodeType recipient,
			@OperationParam(name = "sent", min = 1) DateType sent, @OperationParam(name = "note") @Nullable StringType note,
			RequestDetails request) {
		breaches.sent(access.of(request), number(incident.getValue()), recipient.getValue(), localDate(sent),
				note == null ? null : note.getValue());
		Parameters out = new Parameters();
		out.addParameter().setName("sent").setValue(recipient);
		return out;
	}

	@Operation(name = "$breach-incidents", idempotent = true)
	public Parameters incidents(RequestDetails request) {
		Parameters out = new Parameters();
		for (BreachIncidents.Incident i : breaches.all(access.of(request))) {
			out.addParameter(describe(i));
		}
		return out;
	}

	private static ParametersParameterComponent describe(BreachIncidents.Incident i) {
		ParametersParameterComponent p = new ParametersParameterComponent().setName("incident");
		p.addPart().setName("id").setValue(new StringType(String.valueOf(i.id())));
		p.addPart().setName("discovered").setValue(new DateType(i.discovered().toString()));
		p.addPart().setName("description").setValue(new StringType(i.description()));
		p.addPart().setName("determination").setValue(new CodeType(i.determination()));
		if (i.risk() != null) {
			p.addPart().setName("risk").setValue(new CodeType(i.risk()));
		}
		p.addPart().setName("affected").setValue(new IntegerType(i.affected()));
		java.time.LocalDate today = java.time.LocalDate.now();
		for (BreachIncidents.Notification n : i.notifications()) {
			ParametersParameterComponent np = p.addPart().setName("notification");
			np.addPart().setName("recipient").setValue(new CodeType(n.recipient()));
			np.addPart().setName("due").setValue(new DateType(n.due().toString()));
			np.addPart().setName("status").setValue(new CodeType(n.sent() != null ? "sent"
					: n.overdue(today) ? "overdue" : "pending"));
		}
		return p;
	}

	private static java.time.LocalDate localDate(DateType date) {
		return java.time.LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
	}

	private static long number(String text) {
		try {
			return Long.parseLong(text);
		} catch (NumberFormatException e) {
			return -1;
		}
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
