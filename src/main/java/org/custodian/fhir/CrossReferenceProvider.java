package org.custodian.fhir;

import java.util.List;

import org.custodian.identity.CrossReferences;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * {@code GET Patient/$ihe-pix?sourceIdentifier=system|value[&targetSystem=…]} (IHE PIXm ITI-83):
 * the person's other identifiers ({@code targetIdentifier}) and charts ({@code targetId}). As PIXm
 * says: 404 when no patient has the identifier, 400 when no patient has any identifier of its
 * assigning authority, 403 when a targetSystem is one no patient has identifiers in.
 */
final class CrossReferenceProvider {

	private final CrossReferences references;
	private final RequestAccess access;

	CrossReferenceProvider(CrossReferences references, RequestAccess access) {
		this.references = references;
		this.access = access;
	}

	@Operation(name = "$ihe-pix", type = Patient.class, idempotent = true)
	public Parameters pix(@OperationParam(name = "sourceIdentifier", min = 1) StringType source,
			@OperationParam(name = "targetSystem") @Nullable List<UriType> targets, RequestDetails request) {
		String value = source == null ? null : source.getValue();
		int bar = value == null ? -1 : value.indexOf('|');
		if (bar <= 0) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE, "sourceIdentifier is system|value, not "
					+ value);
		}
		List<String> systems = targets == null ? List.of() : targets.stream().map(UriType::getValue).toList();
		CrossReferences.Result result = references.of(access.of(request), value.substring(0, bar), value.substring(bar + 1),
				systems);
		Parameters out = new Parameters();
		result.identifiers().forEach(i -> out.addParameter().setName("targetIdentifier").setValue(i));
		result.patients().forEach(p -> out.addParameter().setName("targetId").setValue(new Reference("Patient/" + p)));
		return out;
	}
}
