package org.custodian.fhir;

import java.util.ArrayList;
import java.util.List;

import org.custodian.ingest.scan.ScannedDocuments;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Scanned paper over the API, for a scanning station or a batch from a document-imaging system:
 * {@code POST $scan} with one {@code file} parameter per file (an attachment: its content type, data
 * and title as the file name). Each is kept and waits in the indexing queue; the answer is their
 * numbers there.
 */
final class ScanProvider {

	private final ScannedDocuments scans;
	private final RequestAccess access;

	ScanProvider(ScannedDocuments scans, RequestAccess access) {
		this.scans = scans;
		this.access = access;
	}

	@Operation(name = "$scan", idempotent = false)
	public Parameters upload(@ResourceParam Parameters in, RequestDetails request) {
		List<ScannedDocuments.Upload> files = new ArrayList<>();
		for (ParametersParameterComponent p : in.getParameter()) {
			if (p.getName().equals("file") && p.getValue() instanceof Attachment a && a.hasData()) {
				files.add(new ScannedDocuments.Upload(a.hasTitle() ? a.getTitle() : "scan", a.hasContentType() ? a.getContentType()
						: "application/octet-stream", a.getData()));
			}
		}
		if (files.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "Send each scanned file as a file parameter (an"
					+ " attachment with its content type and data)");
		}
		Parameters out = new Parameters();
		for (long id : scans.upload(access.of(request), files)) {
			out.addParameter("scan", new IntegerType((int) id));
		}
		return out;
	}
}
