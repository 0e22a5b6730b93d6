package org.custodian.record.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.custodian.access.ConsentDirectory;
import org.custodian.access.SensitivityLabelling;
import org.custodian.search.IndexEntry;
import org.custodian.search.MatchQuery;
import org.custodian.search.SearchIndexer;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.custodian.validation.BaseSpecValidator;
import org.custodian.validation.ValidationIssue;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;

/**
 * The collaborators every write needs, wired once. {@link #prepare} is the CPU half of a write:
 * validate, encode, extract the index, list the references. {@code consents} keeps the rules of
 * privacy consents beside the Consents written; {@code labelling} adds the security labels its rules
 * give sensitive codes before the resource is encoded; {@code guard} checks where each write's
 * references point, in its transaction; {@code changes} checks each change to an existing resource.
 */
public record RecordParts(FhirContext ctx, Clock clock, ResourceTable resources, IndexTables index, ResourceCodec codec,
		References references, SearchIndexer indexer, BaseSpecValidator validator, MatchQuery matches,
		ConsentDirectory consents, SensitivityLabelling labelling, org.custodian.record.ReferenceGuard guard,
		org.custodian.record.WriteGuard changes) {

	public PreparedResource prepare(String type, String id, IBaseResource resource) {
		validate(type, resource);
		((Resource) resource).setId(type + "/" + id);
		List<IndexEntry> index = indexer.extract(resource);
		if (labelling.label(type, resource, index)) {
			index = indexer.extract(resource); // the labels added are searchable too (_security)
		}
		byte[] body = codec.encode(resource);
		return new PreparedResource(type, id, resource, body, codec.currentCodec(), index,
				references.localTargets(resource));
	}

	public void validate(String type, IBaseResource resource) {
		String actual = ctx.getResourceType(resource);
		if (!actual.equals(type)) {
			throw new CustodianException.Invalid(ErrorCode.RESOURCE_TYPE_MISMATCH,
					"Resource type " + actual + " does not match the target type " + type);
		}
		List<ValidationIssue> errors = validator.validate(resource).stream()
				.filter(i -> i.severity() == ValidationIssue.Severity.ERROR).toList();
		if (!errors.isEmpty()) {
			ValidationIssue first = errors.get(0);
			String summary = first.location() + ": " + first.message()
					+ (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
			throw new CustodianException.Unprocessable(ErrorCode.INVALID_RESOURCE, summary,
					errors.stream().map(e -> new CustodianException.Issue(e.location(), e.message())).toList());
		}
	}

	public static String newId() {
		return UUID.randomUUID().toString();
	}
}
