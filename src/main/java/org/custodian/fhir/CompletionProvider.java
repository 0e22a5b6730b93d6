package org.custodian.fhir;

import java.util.List;

import org.custodian.completion.ChartDeficiencies;
import org.custodian.completion.Delinquency;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Chart completion over FHIR: {@code GET $deficiencies?status=open|closed|all&assignee=Practitioner/…}
 * (HIM staff see everyone's, a clinician their own), {@code POST Encounter/{id}/$review-deficiencies}
 * (HIM: review a chart now), {@code POST $deficiency-assign} ({@code deficiency}, {@code practitioner}: HIM gives
 * it to another clinician) and {@code GET $delinquency} (HIM: open deficiencies by age, delinquent
 * charts and the delinquency rate, day by day, each clinician's work and the notices sent).
 */
final class CompletionProvider {

	private static final int MOST = 500;

	private final ChartDeficiencies deficiencies;
	private final Delinquency delinquency;
	private final RequestAccess access;

	CompletionProvider(ChartDeficiencies deficiencies, Delinquency delinquency, RequestAccess access) {
		this.deficiencies = deficiencies;
		this.delinquency = delinquency;
		this.access = access;
	}

	@Operation(name = "$deficiencies", idempotent = true)
	public Parameters list(@OperationParam(name = "status") @Nullable CodeType status, @OperationParam(name = "assignee")
			@Nullable Reference assignee, RequestDetails request) {
		return described(deficiencies.visible(access.of(request), assignee == null ? null : assignee.getReference(),
				status == null ? "open" : status.getValue(), MOST));
	}

	@Operation(name = "$review-deficiencies", type = Encounter.class, idempotent = false)
	public Parameters review(@IdParam IdType id, RequestDetails request) {
		return described(deficiencies.reviewFor(access.of(request), id.getIdPart()));
	}

	@Operation(name = "$deficiency-assign", idempotent = false)
	public Parameters assign(@OperationParam(name = "deficiency") @Nullable StringType deficiency, @OperationParam(name =
			"practitioner") @Nullable Reference practitioner, RequestDetails request) {
		long id;
		try {
			id = Long.parseLong(deficiency == null ? "" : deficiency.getValue());
		} catch (NumberFormatException e) {
			throw new org.custodian.support.CustodianException.Invalid(ErrorCode.COMPLETION_REQUEST_INVALID, "deficiency is the"
					+ " deficiency's number");
		}
		return described(List.of(deficiencies.reassign(access.of(request), id, practitioner == null || practitioner
				.getReference() == null ? "" : practitioner.getReference())));
	}

	@Operation(name = "$delinquency", idempotent = true)
	public Parameters delinquency(RequestDetails request) {
		org.custodian.access.AccessContext context = access.of(request);
		if (!context.roles().contains("him")) {
			throw context.refused("delinquency", null, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "The completion figures are"
					+ " HIM's");
		}
		Delinquency.Figures f = delinquency.current();
		Parameters out = new Parameters();
		out.addParameter("open-deficiencies", new IntegerType(f.openDeficiencies()));
		out.addParameter("overdue", new IntegerType(f.overdue()));
		f.overdueByAge().forEach((age, n) -> {
			ParametersParameterComponent p = out.addParameter().setName("overdue-by-age");
			p.addPart().setName("age").setValue(new StringType(age));
			p.addPart().setName("count").setValue(new IntegerType(n));
		});
		out.addParameter("delinquent-charts", new IntegerType(f.delinquentCharts()));
		out.addParameter("monthly-discharges", new DecimalType(Math.round(f.monthlyDischarges() * 10) / 10.0));
		if (f.rate() != null) {
			out.addParameter("delinquency-rate", new DecimalType(Math.round(f.rate() * 1000) / 1000.0));
		}
		for (Delinquency.Day d : delinquency.history(365)) {
			ParametersParameterComponent p = out.addParameter().setName("day");
			p.addPart().setName("date").setValue(new DateType(d.day().toString()));
			p.addPart().setName("delinquent-charts").setValue(new IntegerType(d.delinquentCharts()));
			p.addPart().setName("open-deficiencies").setValue(new IntegerType(d.openDeficiencies()));
			if (d.rate() != null) {
				p.addPart().setName("delinquency-rate").setValue(new DecimalType(Math.round(d.rate() * 1000) / 1000.0));
			}
		}
		for (Delinquency.Clinician c : delinquency.byClinician()) {
			ParametersParameterComponent p = out.addParameter().setName("clinician");
			p.addPart().setName("assignee").setValue(new Reference(c.assignee()));
			p.addPart().setName("open").setValue(new IntegerType(c.open()));
			p.addPart().setName("overdue").setValue(new IntegerType(c.overdue()));
			p.addPart().setName("delinquent-charts").setValue(new IntegerType(c.delinquentCharts()));
		}
		return out;
	}

	private static Parameters described(List<ChartDeficiencies.Deficiency> found) {
		Parameters out = new Parameters();
		java.time.Instant now = java.time.Instant.now();
		for (ChartDeficiencies.Deficiency d : found) {
			ParametersParameterComponent p = out.addParameter().setName("deficiency");
			p.addPart().setName("id").setValue(new StringType(String.valueOf(d.id())));
			p.addPart().setName("rule").setValue(new CodeType(d.rule()));
			p.addPart().setName("title").setValue(new StringType(d.title()));
			p.addPart().setName("patient").setValue(new Reference(d.patient()));
			if (d.encounter() != null) {
				p.addPart().setName("encounter").setValue(new Reference(d.encounter()));
			}
			p.addPart().setName("subject").setValue(new Reference(d.subject()));
			if (d.assignee() != null) {
				p.addPart().setName("assignee").setValue(new Reference(d.assignee()));
			}
			p.addPart().setName("due").setValue(new InstantType(java.util.Date.from(d.due())));
			p.addPart().setName("status").setValue(new CodeType(d.closed() != null ? d.closedHow() : d.overdue(now) ? "overdue"
					: "open"));
			if (d.closed() != null) {
				p.addPart().setName("closed").setValue(new InstantType(java.util.Date.from(d.closed())));
			}
		}
		return out;
	}
}
