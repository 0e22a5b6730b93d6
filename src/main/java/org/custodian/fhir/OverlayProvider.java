package org.custodian.fhir;

import org.custodian.identity.OverlayDetection;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.InstantType;
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
 * Overlay detection over FHIR, for HIM staff: {@code Patient/{id}/$overlay-check} checks one chart
 * and queues what it finds; {@code POST Patient/$overlay-scan} checks every chart in the background
 * (progress with {@code $deduplicate-status?run=N}); {@code GET Patient/$overlays} lists the open
 * signs; {@code POST Patient/$overlay-review} ({@code patient}, {@code status} two-people or
 * one-person, {@code note}) closes a chart's open signs.
 */
final class OverlayProvider {

	private final OverlayDetection overlays;
	private final RequestAccess access;

	OverlayProvider(OverlayDetection overlays, RequestAccess access) {
		this.overlays = overlays;
		this.access = access;
	}

	@Operation(name = "$overlay-check", type = Patient.class, idempotent = true)
	public Parameters check(@IdParam IdType id, RequestDetails request) {
		Parameters out = new Parameters();
		out.addParameter("patient", new Reference("Patient/" + id.getIdPart()));
		for (OverlayDetection.Signal s : overlays.check(access.of(request), id.getIdPart())) {
			var signal = out.addParameter().setName("signal");
			signal.addPart().setName("kind").setValue(new StringType(s.kind()));
			signal.addPart().setName("detail").setValue(new StringType(s.detail()));
		}
		return out;
	}

	@Operation(name = "$overlay-scan", type = Patient.class, idempotent = false)
	public Parameters scan(RequestDetails request) {
		Parameters out = new Parameters();
		out.addParameter("run", new IntegerType((int) overlays.scan(access.of(request))));
		return out;
	}

	@Operation(name = "$overlays", type = Patient.class, idempotent = true)
	public Parameters queue(@OperationParam(name = "count") @Nullable IntegerType count, RequestDetails request) {
		Parameters out = new Parameters();
		for (OverlayDetection.Queued q : overlays.queue(access.of(request), count == null ? 100 : Math.min(1000, count.getValue()))) {
			var signal = out.addParameter().setName("signal");
			signal.addPart().setName("patient").setValue(new Reference("Patient/" + q.patient()));
			signal.addPart().setName("kind").setValue(new StringType(q.kind()));
			signal.addPart().setName("detail").setValue(new StringType(q.detail()));
			signal.addPart().setName("found").setValue(new InstantType(java.util.Date.from(q.found())));
		}
		return out;
	}

	@Operation(name = "$overlay-review", type = Patient.class, idempotent = false)
	public Parameters review(@OperationParam(name = "patient", min = 1) Reference patient,
			@OperationParam(name = "status", min = 1) StringType status, @OperationParam(name = "note", min = 1) StringType note,
			RequestDetails request) {
		int closed = overlays.review(access.of(request), patient.getReferenceElement().getIdPart(), status.getValue(),
				note.getValue());
		Parameters out = new Parameters();
		out.addParameter("closed", new IntegerType(closed));
		return out;
	}
}
