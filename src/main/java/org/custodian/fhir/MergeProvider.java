package org.custodian.fhir;

import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.identity.PatientMerge;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * {@code POST Patient/$merge}, with the parameters of FHIR's Patient $merge (R5, as HAPI offers it
 * for R4): {@code source-patient} or {@code source-patient-identifier}, {@code target-patient} or
 * {@code target-patient-identifier}, {@code preview}; a versioned reference
 * ({@code Patient/1/_history/3}) says which version was reviewed, and the merge is refused if the
 * patient has changed since. Ours: {@code reason} (required; kept with the merge and in its
 * Provenance). Not offered: {@code result-patient} and {@code delete-source} (the legal record keeps
 * the merged-away chart, inactive and pointing at the survivor). Answers {@code input},
 * {@code outcome}, {@code result} (the target as written) and {@code merge} (the number that
 * {@code Patient/$unmerge} takes, with {@code reason}).
 */
final class MergeProvider {

	private final PatientMerge merges;
	private final RequestAccess access;

	MergeProvider(PatientMerge merges, RequestAccess access) {
		this.merges = merges;
		this.access = access;
	}

	@Operation(name = "$merge", type = Patient.class, idempotent = false)
	public Parameters merge(@OperationParam(name = "source-patient") @Nullable Reference source,
			@OperationParam(name = "source-patient-identifier") @Nullable List<Identifier> sourceIds,
			@OperationParam(name = "target-patient") @Nullable Reference target,
			@OperationParam(name = "target-patient-identifier") @Nullable List<Identifier> targetIds,
			@OperationParam(name = "result-patient") @Nullable Patient result,
			@OperationParam(name = "preview") @Nullable BooleanType preview,
			@OperationParam(name = "delete-source") @Nullable BooleanType deleteSource,
			@OperationParam(name = "reason") @Nullable StringType reason, RequestDetails request) {
		if (result != null) {
			throw new CustodianException.Invalid(ErrorCode.MERGE_REFUSED, "result-patient is not supported: the target keeps"
					+ " its own demographics and gains the source's identifiers; correct it afterwards if needed");
		}
		if (deleteSource != null && Boolean.TRUE.equals(deleteSource.getValue())) {
			throw new CustodianException.Invalid(ErrorCode.MERGE_REFUSED, "delete-source is not supported: the merged chart"
					+ " stays in the legal record, inactive and replaced-by the target, so the merge can be undone");
		}
		AccessContext caller = access.of(request);
		Side s = side(caller, "source", source, sourceIds);
		Side t = side(caller, "target", target, targetIds);
		PatientMerge.Request asked = new PatientMerge.Request(s.id(), s.version(), t.id(), t.version(),
				reason == null ? null : reason.getValue());
		Parameters out = new Parameters();
		out.addParameter().setName("input").setResource(inputOf(request));
		if (preview != null && Boolean.TRUE.equals(preview.getValue())) {
			PatientMerge.Plan plan = merges.preview(caller, asked);
			out.addParameter().setName("outcome").setResource(outcome("Preview only: merging Patient/" + plan.source()
					+ " into Patient/" + plan.target() + " would update " + (plan.moved().size() + 2) + " resources ("
					+ plan.moved().size() + " moved) and copy " + plan.identifiersAdded().size() + " identifier(s)"));
			return out;
		}
		PatientMerge.Done done = merges.merge(caller, asked);
		out.addParameter().setName("outcome").setResource(outcome("Merged Patient/" + done.plan().source() + " into Patient/"
				+ done.plan().target() + ": " + done.plan().moved().size() + " resources moved, Provenance/" + done.provenance()));
		out.addParameter().setName("result").setResource(done.target());
		out.addParameter("merge", new IntegerType((int) done.merge()));
		return out;
	}

	@Operation(name = "$unmerge", type = Patient.class, idempotent = false)
	public Parameters unmerge(@OperationParam(name = "merge") @Nullable IntegerType merge,
			@OperationParam(name = "source-patient") @Nullable Reference source,
			@OperationParam(name = "reason") @Nullable StringType reason, RequestDetails request) {
		AccessContext caller = access.of(request);
		Long id = merge != null ? Long.valueOf(merge.getValue())
				: source != null ? merges.mergeOf(caller, source.getReferenceElement().getIdPart()) : null;
		if (id == null) {
			throw new CustodianException.Invalid(ErrorCode.UNMERGE_REFUSED, merge == null && source == null
					? "Name the merge to undo ('merge') or the merged-away patient ('source-patient')"
					: "Patient/" + source.getReferenceElement().getIdPart() + " is not merged into another chart");
		}
		PatientMerge.Undone undone = merges.unmerge(caller, id, reason == null ? null : reason.getValue());
		Parameters out = new Parameters();
		out.addParameter().setName("outcome").setResource(outcome("Undid merge " + id + ": Patient/" + undone.source()
				+ " has its records back (" + undone.restored().size() + " as they were, " + undone.changedSince().size()
				+ " changed since the merge, with their later changes); " + undone.stayWithTarget().size()
				+ " written to Patient/" + undone.target() + " after the merge stay there for review"));
		undone.stayWithTarget().forEach(r -> out.addParameter("review", new Reference(r)));
		out.addParameter("provenance", new Reference("Provenance/" + undone.provenance()));
		return out;
	}

	private record Side(String id, @Nullable Integer version) {}

	private Side side(AccessContext caller, String role, @Nullable Reference ref, @Nullable List<Identifier> ids) {
		if (ref != null && ref.hasReference()) {
			IdType id = new IdType(ref.getReference());
			if (!"Patient".equals(id.getResourceType()) || !id.hasIdPart()) {
				throw new CustodianException.Invalid(ErrorCode.MERGE_REFUSED, role + "-patient must be a Patient reference, not "
						+ ref.getReference());
			}
			return new Side(id.getIdPart(), id.hasVersionIdPart() ? Integer.valueOf(id.getVersionIdPart()) : null);
		}
		if (ids != null && !ids.isEmpty()) {
			return new Side(merges.findByIdentifiers(caller, ids, role), null);
		}
		throw new CustodianException.Invalid(ErrorCode.MERGE_REFUSED, "Name the " + role + " patient: " + role
				+ "-patient or " + role + "-patient-identifier");
	}

	private static Parameters inputOf(RequestDetails request) {
		return request.getResource() instanceof Parameters p ? p.copy() : new Parameters();
	}

	private static OperationOutcome outcome(String text) {
		OperationOutcome o = new OperationOutcome();
		o.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics(text);
		return o;
	}
}
