package org.custodian.fhir;

import java.util.Date;

import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.record.VersionTag;
import org.custodian.record.WriteResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.rest.annotation.At;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * The REST interactions of one resource type. One instance per R4 type; each method checks its
 * input, makes one call into the record store and shapes the answer, nothing more.
 */
final class ResourceTypeProvider implements IResourceProvider {

	private final Class<? extends IBaseResource> type;
	private final String typeName;
	private final RecordStore store;
	private final RequestAccess access;
	private final FhirProperties properties;
	private final SearchEndpoint search;
	private final org.custodian.identity.RegistrationCheck registration;

	ResourceTypeProvider(Class<? extends IBaseResource> type, String typeName, RecordStore store, RequestAccess access,
			FhirProperties properties, SearchEndpoint search, org.custodian.identity.RegistrationCheck registration) {
		this.registration = registration;
		this.type = type;
		this.typeName = typeName;
		this.store = store;
		this.access = access;
		this.properties = properties;
		this.search = search;
	}

	/** Every search of this type, by GET or POST {@code _search}; all parameters are ours to parse. */
	@Search(allowUnknownParams = true)
	public IBundleProvider search(RequestDetails request) {
		return search.search(typeName, request);
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return type;
	}

	@Read(version = true)
	public IBaseResource read(@IdParam IIdType id, RequestDetails request) {
		StoredVersion v = id.hasVersionIdPart()
				? store.vread(access.of(request), typeName, id.getIdPart(), VersionTag.number(id.getVersionIdPart()))
				: store.read(access.of(request), typeName, id.getIdPart());
		return v.resource();
	}

	@Create
	public MethodOutcome create(@ResourceParam IBaseResource resource, @ConditionalUrlParam String ifNoneExist,
			RequestDetails request) {
		var context = access.of(request);
		// Registration: a Patient created outright (not matched by If-None-Exist) is first sought among those stored.
		java.util.List<org.custodian.identity.PatientMatcher.Candidate> likely = resource instanceof org.hl7.fhir.r4.model.Patient p
				&& ifNoneExist == null ? registration.check(context, p) : java.util.List.of();
		WriteResult r = store.create(context, typeName, resource, ifNoneExist);
		MethodOutcome out = outcome(r);
		if (!likely.isEmpty()) {
			((OperationOutcome) out.getOperationOutcome()).addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING)
					.setCode(OperationOutcome.IssueType.DUPLICATE).setDiagnostics("Likely the same person as "
							+ org.custodian.identity.RegistrationCheck.references(likely)
							+ ": check before using this record; the HIM department resolves duplicates");
			request.getResponse().addHeader("X-Custodian-Likely-Duplicates", likely.stream()
					.map(c -> "Patient/" + c.patient().id()).collect(java.util.stream.Collectors.joining(", ")));
		}
		return out;
	}

	@Update
	public MethodOutcome update(@IdParam IIdType id, @ResourceParam IBaseResource resource,
			@ConditionalUrlParam String conditionalUrl, RequestDetails request) {
		Integer ifMatch = ifMatch(request);
		WriteResult r;
		if (conditionalUrl != null) {
			r = store.conditionalUpdate(access.of(request), typeName, query(conditionalUrl), resource, ifMatch);
		} else {
			if (id == null || !id.hasIdPart()) {
				throw new InvalidRequestException("An update (PUT) needs an id in the URL");
			}
			IIdType bodyId = resource.getIdElement();
			if (bodyId == null || !bodyId.hasIdPart()) {
				throw new InvalidRequestException("The resource in an update must carry the id " + id.getIdPart()
						+ " of the URL (Resource.id is missing)");
			}
			if (!bodyId.getIdPart().equals(id.getIdPart())) {
				throw new InvalidRequestException("Resource.id " + bodyId.getIdPart() + " does not match the id "
						+ id.getIdPart() + " in the URL");
			}
			r = store.update(access.of(request), typeName, id.getIdPart(), resource, ifMatch);
		}
		return outcome(r);
	}

	@Delete
	public MethodOutcome delete(@IdParam IIdType id, @ConditionalUrlParam String conditionalUrl, RequestDetails request) {
		if (conditionalUrl == null && (id == null || !id.hasIdPart())) {
			throw new InvalidRequestException("A delete needs an id (DELETE [base]/" + typeName
					+ "/[id]) or a conditional URL (DELETE [base]/" + typeName + "?[search])");
		}
		Integer ifMatch = ifMatch(request);
		WriteResult r = conditionalUrl != null
				? store.conditionalDelete(access.of(request), typeName, query(conditionalUrl), ifMatch)
				: store.delete(access.of(request), typeName, id.getIdPart(), ifMatch);
		MethodOutcome out = new MethodOutcome();
		OperationOutcome oo = new OperationOutcome();
		oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics(r.outcome() == WriteResult.Outcome.DELETED
						? "Deleted " + r.version().type() + "/" + r.version().id() + " (version " + r.version().version() + ")"
						: "Nothing to delete");
		out.setOperationOutcome(oo);
		return out;
	}

	@History
	public IBundleProvider instanceHistory(@IdParam IIdType id, @Since Date since, @At DateRangeParam at,
			@Count Integer count, @Offset Integer offset, RequestDetails request) {
		return history(id, since, at, count, offset, request);
	}

	@History
	public IBundleProvider typeHistory(@Since Date since, @At DateRangeParam at, @Count Integer count,
			@Offset Integer offset, RequestDetails request) {
		return history(null, since, at, count, offset, request);
	}

	private IBundleProvider history(IIdType id, Date since, DateRangeParam at, Integer count, Integer offset,
			RequestDetails request) {
		String resourceId = id != null && id.hasIdPart() ? id.getIdPart() : null;
		return new HistoryBundleProvider(store, access.of(request), typeName, resourceId, HistoryParams.window(since, at),
				PageSize.of(count, properties), offset);
	}

	private MethodOutcome outcome(WriteResult r) {
		StoredVersion v = r.version();
		MethodOutcome out = new MethodOutcome();
		out.setId(new IdType(v.type(), v.id(), Integer.toString(v.version())));
		out.setCreated(r.outcome() == WriteResult.Outcome.CREATED);
		out.setResource(v.resource());
		OperationOutcome oo = new OperationOutcome();
		oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics(switch (r.outcome()) {
					case CREATED -> "Created " + v.versionedReference();
					case UPDATED -> "Updated to " + v.versionedReference();
					case UNCHANGED -> "No change: " + v.versionedReference() + " already has this content";
					case MATCHED_EXISTING -> "Matched existing " + v.versionedReference() + "; nothing created";
					default -> r.outcome().name();
				});
		out.setOperationOutcome(oo);
		return out;
	}

	private String query(String conditionalUrl) {
		int q = conditionalUrl.indexOf('?');
		return q < 0 ? conditionalUrl : conditionalUrl.substring(q + 1);
	}

	private static Integer ifMatch(RequestDetails request) {
		return VersionTag.fromEtag(request.getHeader("If-Match"));
	}
}
