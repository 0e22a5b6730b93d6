package org.custodian.fhir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.custodian.search.Everything;
import org.custodian.search.SearchService;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * {@code Patient/[id]/$everything} and {@code Encounter/[id]/$everything}. The member list is
 * computed once and snapshotted; the following pages ({@code _getpages} links) are slices of it, so
 * deep pages cost one body read each.
 */
final class EverythingProvider {

	private final SearchService search;
	private final RequestAccess access;
	private final FhirProperties properties;

	EverythingProvider(SearchService search, RequestAccess access, FhirProperties properties) {
		this.search = search;
		this.access = access;
		this.properties = properties;
	}

	@Operation(name = "$everything", idempotent = true, type = Patient.class, bundleType = BundleTypeEnum.SEARCHSET)
	public IBundleProvider patient(@IdParam IIdType id, @OperationParam(name = "_since") InstantType since,
			@OperationParam(name = "_type") List<StringType> types, @OperationParam(name = "_count") IntegerType count,
			RequestDetails request) {
		return everything("Patient", id, since, types, count, request);
	}

	@Operation(name = "$everything", idempotent = true, type = Encounter.class, bundleType = BundleTypeEnum.SEARCHSET)
	public IBundleProvider encounter(@IdParam IIdType id, @OperationParam(name = "_since") InstantType since,
			@OperationParam(name = "_type") List<StringType> types, @OperationParam(name = "_count") IntegerType count,
			RequestDetails request) {
		return everything("Encounter", id, since, types, count, request);
	}

	private IBundleProvider everything(String type, IIdType id, @Nullable InstantType since,
			@Nullable List<StringType> types, @Nullable IntegerType count, RequestDetails request) {
		List<String> typeList = new ArrayList<>();
		if (types != null) {
			for (StringType t : types) {
				Arrays.stream(t.getValue().split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(typeList::add);
			}
		}
		Everything query = new Everything(type, id.getIdPart(), typeList, since == null ? null : since.getValue().toInstant());
		int pageSize = PageSize.of(count == null ? null : count.getValue(), properties);
		return new FirstPageProvider(search.everything(access.of(request), query, pageSize), pageSize, 0);
	}
}
