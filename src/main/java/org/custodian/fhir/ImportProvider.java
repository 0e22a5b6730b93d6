package org.custodian.fhir;

import java.io.IOException;
import java.io.InputStream;

import org.custodian.ingest.FileImport;
import org.custodian.ingest.ImportReport;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * {@code POST [base]/$import} with an NDJSON body ({@code application/fhir+ndjson}, one resource per
 * line): the HTTP twin of {@code custodian import}. Resources keep their ids; the answer is an
 * OperationOutcome with the counts and one issue per failed line. Transaction and batch bundles are
 * imported by POSTing them to the base, as usual.
 */
final class ImportProvider {

	private static final int FAILURES_LISTED = 100;

	private final FileImport importer;
	private final RequestAccess access;

	ImportProvider(FileImport importer, RequestAccess access) {
		this.importer = importer;
		this.access = access;
	}

	@Operation(name = "$import", manualRequest = true, idempotent = false)
	public OperationOutcome importNdjson(RequestDetails request) throws IOException {
		String type = request.getHeader("Content-Type");
		if (type == null || !type.toLowerCase().contains("ndjson")) {
			throw new InvalidRequestException("$import takes an NDJSON body (Content-Type: application/fhir+ndjson),"
					+ " one resource per line; POST transaction or batch bundles to the base instead");
		}
		ImportReport report;
		try (InputStream in = request.getInputStream()) {
			report = importer.runNdjson(access.of(request), "request", in);
		}
		OperationOutcome oo = new OperationOutcome();
		oo.addIssue().setSeverity(report.failed() == 0 ? IssueSeverity.INFORMATION : IssueSeverity.WARNING)
				.setCode(IssueType.INFORMATIONAL).setDiagnostics(String.format("Imported %d resources; %d failed (%.0f ms)",
						report.resources(), report.failed(), (double) report.millis()));
		report.failures().stream().limit(FAILURES_LISTED).forEach(f -> oo.addIssue().setSeverity(IssueSeverity.ERROR)
				.setCode(IssueType.INVALID).setDiagnostics(f).getDetails().addCoding()
				.setSystem(ErrorMappingInterceptor.ERROR_SYSTEM).setCode(ErrorCode.IMPORT_FAILED.code()));
		return oo;
	}
}
