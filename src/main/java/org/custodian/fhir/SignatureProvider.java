package org.custodian.fhir;

import org.custodian.completion.EntrySignatures;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Signing notes and documents over FHIR: {@code POST DocumentReference/{id}/$sign} (and on a
 * Composition) signs as the signed-in practitioner, naming {@code supervisor} when they are a
 * trainee, or co-signs a trainee's entry as its supervisor; {@code GET …/$verify-signature} answers
 * the entry's signatures, whether its content still matches them, and its addenda and corrections.
 * Orders (ServiceRequest, MedicationRequest) are signed the same way by the clinician who gave them.
 * With {@code If-Match}, the signature is refused (412) if the entry changed since the signer read it.
 */
final class SignatureProvider {

	private final EntrySignatures signatures;
	private final RequestAccess access;

	SignatureProvider(EntrySignatures signatures, RequestAccess access) {
		this.signatures = signatures;
		this.access = access;
	}

	@Operation(name = "$sign", type = DocumentReference.class, idempotent = false)
	public Parameters signDocument(@IdParam IdType id, @OperationParam(name = "supervisor") @Nullable Reference supervisor,
			RequestDetails request) {
		return signed(signatures.sign(access.of(request), "DocumentReference", id.getIdPart(), supervisor == null ? null
				: supervisor.getReference(), seen(request)));
	}

	@Operation(name = "$sign", type = Composition.class, idempotent = false)
	public Parameters signComposition(@IdParam IdType id, @OperationParam(name = "supervisor") @Nullable Reference supervisor,
			RequestDetails request) {
		return signed(signatures.sign(access.of(request), "Composition", id.getIdPart(), supervisor == null ? null : supervisor
				.getReference(), seen(request)));
	}

	@Operation(name = "$sign", type = ServiceRequest.class, idempotent = false)
	public Parameters signServiceRequest(@IdParam IdType id, RequestDetails request) {
		return signed(signatures.sign(access.of(request), "ServiceRequest", id.getIdPart(), null, seen(request)));
	}

	@Operation(name = "$sign", type = MedicationRequest.class, idempotent = false)
	public Parameters signMedicationRequest(@IdParam IdType id, RequestDetails request) {
		return signed(signatures.sign(access.of(request), "MedicationRequest", id.getIdPart(), null, seen(request)));
	}

	/** The version the signer read, from If-Match (W/"3"), when they send it. */
	private static @Nullable Integer seen(RequestDetails request) {
		String ifMatch = request.getHeader("If-Match");
		if (ifMatch == null || ifMatch.isBlank()) {
			return null;
		}
		String digits = ifMatch.replaceAll("[^0-9]", "");
		if (digits.isEmpty()) {
			throw new org.custodian.support.CustodianException.Invalid(org.custodian.support.ErrorCode.INVALID_VERSION,
					"If-Match names a version (W/\"3\"), not " + ifMatch);
		}
		return Integer.valueOf(digits);
	}

	@Operation(name = "$verify-signature", type = DocumentReference.class, idempotent = true)
	public Parameters verifyDocument(@IdParam IdType id, RequestDetails request) {
		return verified(signatures.verify(access.of(request), "DocumentReference", id.getIdPart()));
	}

	@Operation(name = "$verify-signature", type = Composition.class, idempotent = true)
	public Parameters verifyComposition(@IdParam IdType id, RequestDetails request) {
		return verified(signatures.verify(access.of(request), "Composition", id.getIdPart()));
	}

	private static Parameters signed(EntrySignatures.Signed s) {
		Parameters out = new Parameters();
		out.addParameter("entry", new Reference(s.entry()));
		if (!s.patient().isEmpty()) {
			out.addParameter("patient", new Reference(s.patient())); // and so the audit record names the patient
		}
		out.addParameter("awaiting-cosignature", new BooleanType(s.awaitingCosignature()));
		out.addParameter(signature(s.signature()));
		return out;
	}

	private static Parameters verified(EntrySignatures.Verification v) {
		Parameters out = new Parameters();
		out.addParameter("entry", new Reference(v.entry()));
		if (v.patient() != null) {
			out.addParameter("patient", new Reference(v.patient()));
		}
		out.addParameter("signed", new BooleanType(v.signed()));
		out.addParameter("intact", new BooleanType(v.intact()));
		v.signatures().forEach(s -> out.addParameter(signature(s)));
		for (EntrySignatures.Related r : v.related()) {
			ParametersParameterComponent p = out.addParameter().setName("related");
			p.addPart().setName("entry").setValue(new Reference(r.entry()));
			p.addPart().setName("relation").setValue(new CodeType(r.relation()));
			if (r.description() != null) {
				p.addPart().setName("description").setValue(new StringType(r.description()));
			}
		}
		return out;
	}

	private static ParametersParameterComponent signature(EntrySignatures.Kept k) {
		ParametersParameterComponent p = new ParametersParameterComponent().setName("signature");
		p.addPart().setName("kind").setValue(new CodeType(k.kind()));
		p.addPart().setName("signer").setValue(new Reference(k.signer()));
		p.addPart().setName("role").setValue(new StringType(k.role()));
		p.addPart().setName("user").setValue(new StringType(k.username()));
		if (k.supervisor() != null) {
			p.addPart().setName("supervisor").setValue(new Reference(k.supervisor()));
		}
		p.addPart().setName("version").setValue(new IntegerType(k.version()));
		p.addPart().setName("digest").setValue(new StringType(k.digest()));
		p.addPart().setName("when").setValue(new InstantType(java.util.Date.from(k.at())));
		if (k.provenance() != null) {
			p.addPart().setName("provenance").setValue(new Reference(k.provenance()));
		}
		return p;
	}
}
