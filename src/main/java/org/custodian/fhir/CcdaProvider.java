package org.custodian.fhir;

import java.nio.charset.StandardCharsets;

import org.custodian.ingest.ccda.CcdaImport;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * C-CDA documents from other providers over the API, for HIM and interfaces: {@code POST $ccda-import}
 * ({@code document}: the XML as a string or an attachment's data; {@code patient} when staff know whose
 * it is; {@code source}: a name for the import results) and {@code POST $ccda-attach} ({@code import},
 * {@code patient}: whose an unmatched document is). The answer is the import's report.
 */
final class CcdaProvider {

	private final CcdaImport imports;
	private final RequestAccess access;

	CcdaProvider(CcdaImport imports, RequestAccess access) {
		this.imports = imports;
		this.access = access;
	}

	@Operation(name = "$ccda-import", idempotent = false)
	public Parameters importDocument(@ResourceParam Parameters in, RequestDetails request) {
		byte[] xml = bytes(in.getParameterValue("document"));
		Type source = in.getParameterValue("source");
		String name = source == null || source.primitiveValue() == null || source.primitiveValue().isBlank() ? "api" : source
				.primitiveValue();
		return answer(imports.receive(access.of(request), xml, name, patientId(in.getParameterValue("patient"))));
	}

	@Operation(name = "$ccda-attach", idempotent = false)
	public Parameters attach(@ResourceParam Parameters in, RequestDetails request) {
		Type number = in.getParameterValue("import");
		String id = patientId(in.getParameterValue("patient"));
		long n;
		try {
			n = Long.parseLong(number == null ? "" : number.primitiveValue());
		} catch (NumberFormatException e) {
			throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "import is the number of the kept document");
		}
		if (id == null) {
			throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "Name the patient the document belongs to");
		}
		return answer(imports.attach(access.of(request), n, id));
	}

	private static byte[] bytes(@Nullable Type document) {
		if (document instanceof Attachment a && a.hasData()) {
			return a.getData();
		}
		if (document != null && document.isPrimitive() && document.primitiveValue() != null && !document.primitiveValue()
				.isBlank()) {
			if (document instanceof org.hl7.fhir.r4.model.Base64BinaryType b) {
				return b.getValue();
			}
			return document.primitiveValue().getBytes(StandardCharsets.UTF_8);
		}
		throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "Send the C-CDA document as the document parameter (a"
				+ " string, or an attachment's data)");
	}

	private static @Nullable String patientId(@Nullable Type patient) {
		if (patient instanceof Reference r && r.hasReference()) {
			return r.getReference();
		}
		return patient != null && patient.isPrimitive() && patient.primitiveValue() != null && !patient.primitiveValue()
				.isBlank() ? patient.primitiveValue() : null;
	}

	private static Parameters answer(CcdaImport.Result r) {
		Parameters out = new Parameters();
		out.addParameter("import", new IntegerType((int) r.id()));
		out.addParameter("status", new CodeType(r.status()));
		if (r.patient() != null) {
			out.addParameter("patient", new Reference(r.patient()));
		}
		if (r.documentReference() != null) {
			out.addParameter("document", new Reference(r.documentReference()));
		}
		if (r.error() != null) {
			out.addParameter("error", new StringType(r.error()));
		}
		r.written().forEach(w -> out.addParameter("written", new Reference(w)));
		r.unmapped().forEach(u -> out.addParameter("unmapped", new StringType(u)));
		// As references, so that the answer's record in the audit trail names every chart it shows.
		r.candidates().forEach(c -> out.addParameter("candidate", new Reference(c.patient()).setDisplay(c.grade())));
		return out;
	}
}
