package org.custodian.fhir;

import org.custodian.identity.DeduplicationJob;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Batch deduplication over FHIR, for HIM staff: {@code POST $deduplicate} starts a run (answers its
 * {@code run} number); {@code GET $deduplicate-status?run=N} tells its progress; {@code GET $duplicates}
 * lists the review queue, likeliest first ({@code count}, default 100); {@code POST $not-duplicate}
 * ({@code a}, {@code b}, {@code note}) records that two patients are different people.
 */
final class DeduplicationProvider {

	private final DeduplicationJob job;
	private final RequestAccess access;

	DeduplicationProvider(DeduplicationJob job, RequestAccess access) {
		this.job = job;
		this.access = access;
	}

	@Operation(name = "$deduplicate", idempotent = false)
	public Parameters start(RequestDetails request) {
		Parameters out = new Parameters();
		out.addParameter("run", new IntegerType((int) job.start(access.of(request))));
		return out;
	}

	@Operation(name = "$deduplicate-status", idempotent = true)
	public Parameters status(@OperationParam(name = "run", min = 1) IntegerType run, RequestDetails request) {
		DeduplicationJob.Run r = job.status(access.of(request), run.getValue());
		Parameters out = new Parameters();
		out.addParameter("run", new IntegerType((int) r.id()));
		out.addParameter("state", new StringType(r.state()));
		out.addParameter("phase", new StringType(r.phase()));
		out.addParameter("patients", new IntegerType(r.patients()));
		out.addParameter("candidates", new IntegerType(r.candidates()));
		out.addParameter("matches", new IntegerType(r.matches()));
		out.addParameter("possible", new IntegerType(r.possible()));
		if (r.detail() != null) {
			out.addParameter("detail", new StringType(r.detail()));
		}
		return out;
	}

	@Operation(name = "$duplicates", idempotent = true)
	public Parameters queue(@OperationParam(name = "count") @Nullable IntegerType count, RequestDetails request) {
		Parameters out = new Parameters();
		for (DeduplicationJob.Duplicate d : job.queue(access.of(request), count == null ? 100 : Math.min(1000, count.getValue()))) {
			var pair = out.addParameter().setName("pair");
			pair.addPart().setName("a").setValue(new Reference("Patient/" + d.a()));
			pair.addPart().setName("b").setValue(new Reference("Patient/" + d.b()));
			pair.addPart().setName("score").setValue(new DecimalType(Math.round(d.score() * 100) / 100.0));
			pair.addPart().setName("outcome").setValue(new StringType(d.outcome()));
			pair.addPart().setName("explanation").setValue(new StringType(d.explanation()));
		}
		return out;
	}

	@Operation(name = "$not-duplicate", idempotent = false)
	public Parameters notSame(@OperationParam(name = "a", min = 1) Reference a, @OperationParam(name = "b", min = 1) Reference b,
			@OperationParam(name = "note", min = 1) StringType note, RequestDetails request) {
		job.notSame(access.of(request), a.getReferenceElement().getIdPart(), b.getReferenceElement().getIdPart(), note.getValue());
		Parameters out = new Parameters();
		out.addParameter("reviewed", new StringType("not the same person"));
		return out;
	}
}
