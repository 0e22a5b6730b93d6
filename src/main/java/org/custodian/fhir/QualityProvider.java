package org.custodian.fhir;

import org.custodian.quality.DataQuality;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Data quality over FHIR, for HIM: {@code GET $data-quality} (the overall score, the worst charts,
 * each source system's score, how often each check finds something, the latest findings),
 * {@code GET Patient/{id}/$data-quality} (a chart's findings) and {@code POST $data-quality-check}
 * (check the records changed since the last pass now).
 */
final class QualityProvider {

	private static final int WORST = 20;

	private final DataQuality quality;
	private final RequestAccess access;

	QualityProvider(DataQuality quality, RequestAccess access) {
		this.quality = quality;
		this.access = access;
	}

	@Operation(name = "$data-quality", idempotent = true)
	public Parameters summary(RequestDetails request) {
		DataQuality.Summary s = quality.summary(access.of(request), WORST);
		Parameters out = new Parameters();
		out.addParameter(score("overall", s.overall(), null));
		s.worstCharts().forEach(c -> out.addParameter(score("chart", c, new Reference(c.key()))));
		s.sources().forEach(c -> out.addParameter(score("source", c, new StringType(c.key()))));
		for (DataQuality.Tally t : s.checks()) {
			ParametersParameterComponent p = out.addParameter().setName("check");
			p.addPart().setName("name").setValue(new CodeType(t.check()));
			p.addPart().setName("severity").setValue(new CodeType(t.severity()));
			p.addPart().setName("found").setValue(new IntegerType(t.found()));
		}
		s.latest().forEach(f -> out.addParameter(finding(f)));
		return out;
	}

	@Operation(name = "$data-quality", type = Patient.class, idempotent = true)
	public Parameters chart(@IdParam IdType id, RequestDetails request) {
		Parameters out = new Parameters();
		out.addParameter("patient", new Reference("Patient/" + id.getIdPart()));
		quality.forPatient(access.of(request), "Patient/" + id.getIdPart()).forEach(f -> out.addParameter(finding(f)));
		return out;
	}

	@Operation(name = "$data-quality-check", idempotent = false)
	public Parameters check(RequestDetails request) {
		org.custodian.access.AccessContext context = access.of(request);
		quality.summary(context, 0); // HIM only, refused otherwise before any work
		Parameters out = new Parameters();
		out.addParameter("checked", new IntegerType(quality.checkChanges()));
		return out;
	}

	private static ParametersParameterComponent score(String name, DataQuality.Score s,
			org.hl7.fhir.r4.model.@org.jspecify.annotations.Nullable Type key) {
		ParametersParameterComponent p = new ParametersParameterComponent().setName(name);
		if (key != null) {
			p.addPart().setName("key").setValue(key);
		}
		p.addPart().setName("records").setValue(new IntegerType(s.records()));
		p.addPart().setName("errors").setValue(new IntegerType(s.errors()));
		p.addPart().setName("warnings").setValue(new IntegerType(s.warnings()));
		p.addPart().setName("score").setValue(new DecimalType(Math.round(s.score() * 1000) / 1000.0));
		return p;
	}

	private static ParametersParameterComponent finding(DataQuality.Finding f) {
		ParametersParameterComponent p = new ParametersParameterComponent().setName("finding");
		p.addPart().setName("resource").setValue(new Reference(f.resource()));
		if (f.patient() != null) {
			p.addPart().setName("patient").setValue(new Reference(f.patient()));
		}
		p.addPart().setName("source").setValue(new StringType(f.source()));
		p.addPart().setName("check").setValue(new CodeType(f.check()));
		p.addPart().setName("severity").setValue(new CodeType(f.severity()));
		p.addPart().setName("detail").setValue(new StringType(f.detail()));
		return p;
	}
}
