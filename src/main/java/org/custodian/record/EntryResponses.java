package org.custodian.record;

import java.util.Date;

import org.custodian.support.CustodianException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/** Builds {@code entry.response} parts of transaction and batch responses. */
final class EntryResponses {

	private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EntryResponses.class);

	Bundle.BundleEntryComponent of(WriteResult result, boolean returnResource) {
		Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent();
		Bundle.BundleEntryResponseComponent r = e.getResponse();
		r.setStatus(switch (result.outcome()) {
			case CREATED -> "201 Created";
			case UPDATED, UNCHANGED, MATCHED_EXISTING -> "200 OK";
			case DELETED, NOTHING_TO_DELETE -> "204 No Content";
		});
		StoredVersion v = result.version();
		if (v != null && !v.deleted()) {
			r.setLocation(v.versionedReference());
			r.setEtag("W/\"" + v.version() + "\"");
			r.setLastModified(Date.from(v.lastUpdated()));
			e.setFullUrl(v.type() + "/" + v.id());
			if (returnResource && v.resource() != null) {
				e.setResource((Resource) v.resource());
			}
		}
		return e;
	}

	/** An entry whose condition an earlier entry of the same transaction created: that resource. */
	Bundle.BundleEntryComponent sameAs(String localReference) {
		Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent();
		e.setFullUrl(localReference);
		e.getResponse().setStatus("200 OK").setLocation(localReference + "/_history/1").setEtag("W/\"1\"");
		return e;
	}

	Bundle.BundleEntryComponent read(StoredVersion v) {
		Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent();
		e.setFullUrl(v.type() + "/" + v.id());
		e.setResource((Resource) v.resource());
		e.getResponse().setStatus("200 OK").setEtag("W/\"" + v.version() + "\"")
				.setLastModified(Date.from(v.lastUpdated()));
		return e;
	}

	/** A failure that is not one of ours: malformed content is the client's (400), anything else a 500. */
	Bundle.BundleEntryComponent failure(int index, RuntimeException ex) {
		if (ex instanceof ca.uhn.fhir.parser.DataFormatException || ex instanceof IllegalArgumentException) {
			return failure(new CustodianException.Invalid(org.custodian.support.ErrorCode.MALFORMED_CONTENT,
					"Entry " + index + ": " + ex.getMessage(), ex));
		}
		String incident = java.util.UUID.randomUUID().toString();
		LOG.error("Internal error {} in batch entry {}", incident, index, ex);
		Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent();
		e.getResponse().setStatus("500 Internal Server Error");
		OperationOutcome oo = new OperationOutcome();
		oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.EXCEPTION)
				.setDiagnostics("Internal error in entry " + index + "; the server log has the details under incident "
						+ incident);
		e.getResponse().setOutcome(oo);
		return e;
	}

	Bundle.BundleEntryComponent failure(CustodianException ex) {
		Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent();
		e.getResponse().setStatus(HttpStatusOf.status(ex) + " " + HttpStatusOf.reason(ex));
		OperationOutcome oo = new OperationOutcome();
		oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(HttpStatusOf.issueType(ex))
				.setDiagnostics(ex.getMessage())
				.setDetails(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
						"https://custodian.dev/fhir/CodeSystem/error", ex.code().code(), null)).setText(ex.getMessage()));
		e.getResponse().setOutcome(oo);
		return e;
	}
}
