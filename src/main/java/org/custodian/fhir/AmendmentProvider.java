package org.custodian.fhir;

import java.util.List;

import org.custodian.completion.AmendmentRequests;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * A patient's requests to amend their record, over FHIR, for HIM: {@code POST $amendment-request}
 * ({@code patient}, {@code requester}, one or more {@code record}, {@code description},
 * {@code amendment}, {@code notify}, {@code received} when it came earlier than today), then {@code $amendment-extend} ({@code request},
 * {@code reason}), {@code $amendment-accept}, {@code $amendment-deny} ({@code basis},
 * {@code explanation}) and {@code $amendment-disagreement} ({@code statement}; none: the request and
 * denial go with disclosures instead); {@code GET $amendment-requests?status=open|all}.
 */
final class AmendmentProvider {

	private final AmendmentRequests amendments;
	private final RequestAccess access;

	AmendmentProvider(AmendmentRequests amendments, RequestAccess access) {
		this.amendments = amendments;
		this.access = access;
	}

	@Operation(name = "$amendment-request", idempotent = false)
	public Parameters receive(@ResourceParam Parameters in, RequestDetails request) {
		Reference patient = in.getParameter().stream().filter(p -> p.getName().equals("patient") && p.getValue() instanceof Reference)
				.map(p -> (Reference) p.getValue()).findFirst().orElse(new Reference());
		List<String> records = in.getParameter().stream().filter(p -> p.getName().equals("record") && p.getValue() instanceof Reference)
				.map(p -> ((Reference) p.getValue()).getReference()).toList();
		List<String> notify = in.getParameter().stream().filter(p -> p.getName().equals("notify") && p.getValue() != null).map(p -> p
				.getValue().primitiveValue()).toList();
		String received = text(in, "received");
		java.time.LocalDate on;
		try {
			on = received.isEmpty() ? null : java.time.LocalDate.parse(received);
		} catch (java.time.format.DateTimeParseException e) {
			throw new CustodianException.Invalid(ErrorCode.COMPLETION_REQUEST_INVALID, "received is a day (YYYY-MM-DD), not "
					+ received);
		}
		return described(amendments.receive(access.of(request), patient.getReference() == null ? "" : patient.getReference(),
				text(in, "requester"), records, text(in, "description"), text(in, "amendment"), notify, on));
	}

	@Operation(name = "$amendment-extend", idempotent = false)
	public Parameters extend(@ResourceParam Parameters in, RequestDetails request) {
		return described(amendments.extend(access.of(request), id(in), text(in, "reason")));
	}

	@Operation(name = "$amendment-accept", idempotent = false)
	public Parameters accept(@ResourceParam Parameters in, RequestDetails request) {
		return described(amendments.accept(access.of(request), id(in)));
	}

	@Operation(name = "$amendment-deny", idempotent = false)
	public Parameters deny(@ResourceParam Parameters in, RequestDetails request) {
		return described(amendments.deny(access.of(request), id(in), text(in, "basis"), text(in, "explanation")));
	}

	@Operation(name = "$amendment-disagreement", idempotent = false)
	public Parameters disagree(@ResourceParam Parameters in, RequestDetails request) {
		return described(amendments.disagree(access.of(request), id(in), text(in, "statement")));
	}

	@Operation(name = "$amendment-requests", idempotent = true)
	public Parameters list(@ca.uhn.fhir.rest.annotation.OperationParam(name = "status") @Nullable CodeType status,
			RequestDetails request) {
		boolean all = status != null && "all".equals(status.getValue());
		Parameters out = new Parameters();
		for (AmendmentRequests.Amendment a : amendments.list(access.of(request), all)) {
			out.addParameter(part(a));
		}
		return out;
	}

	private Parameters described(AmendmentRequests.Amendment a) {
		Parameters out = new Parameters();
		ParametersParameterComponent p = part(a);
		out.getParameter().addAll(p.getPart());
		return out;
	}

	private ParametersParameterComponent part(AmendmentRequests.Amendment a) {
		ParametersParameterComponent p = new ParametersParameterComponent().setName("request");
		add(p, "id", new StringType(String.valueOf(a.id())));
		add(p, "patient", new Reference(a.patient()));
		add(p, "requester", new StringType(a.requester()));
		a.records().forEach(r -> add(p, "record", new Reference(r)));
		add(p, "description", new StringType(a.description()));
		add(p, "amendment", new StringType(a.amendment()));
		add(p, "status", new CodeType(a.overdue(amendments.today()) ? "overdue" : a.status()));
		add(p, "due", new DateType(a.deadline().toString()));
		if (a.extensionReason() != null) {
			add(p, "extension-reason", new StringType(a.extensionReason()));
		}
		if (a.denialBasis() != null) {
			add(p, "basis", new CodeType(a.denialBasis()));
		}
		if (a.letter() != null) {
			add(p, "letter", new StringType(a.letter()));
		}
		if (a.linkedEntry() != null) {
			add(p, "linked-entry", new Reference(a.linkedEntry()));
		}
		if (a.denialEntry() != null) {
			add(p, "denial-entry", new Reference(a.denialEntry()));
		}
		if (a.extensionLetter() != null) {
			add(p, "extension-letter", new StringType(a.extensionLetter()));
		}
		return p;
	}

	private static void add(ParametersParameterComponent p, String name, Type value) {
		p.addPart().setName(name).setValue(value);
	}

	private static String text(Parameters in, String name) {
		return in.getParameter().stream().filter(p -> p.getName().equals(name) && p.getValue() != null).map(p -> p.getValue()
				.primitiveValue()).findFirst().orElse("");
	}

	private static long id(Parameters in) {
		try {
			return Long.parseLong(text(in, "request"));
		} catch (NumberFormatException e) {
			throw new CustodianException.Invalid(ErrorCode.COMPLETION_REQUEST_INVALID, "request is the amendment request's"
					+ " number, not '" + text(in, "request") + "'");
		}
	}
}
