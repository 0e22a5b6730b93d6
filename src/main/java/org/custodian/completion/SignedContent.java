package org.custodian.completion;

import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;

/**
 * What a signature on a clinical entry covers, and the state signing gives it. The content is the
 * whole resource as FHIR JSON (HAPI writes elements in their defined order, so the same content always
 * gives the same bytes) less what is not the author's statement: the resource's id and meta (version,
 * time, security labels the store adds), and the fields signing and the entry's later life change
 * (for a DocumentReference its status, docStatus and authenticator; for a Composition its status and
 * attesters; for an order, its status), and the patient it is filed under (which a merge of charts or
 * the correction of a misfiled note changes). So a status may move to superseded or entered-in-error after signing, and nothing the
 * author said can.
 *
 * <p>An attachment carried by URL is covered by its URL and its hash (when the sender gave one), not
 * by the bytes behind the URL.
 */
public final class SignedContent {

	/** The types that are signed. */
	public static final Set<String> TYPES = Set.of("DocumentReference", "Composition", "ServiceRequest", "MedicationRequest");

	private SignedContent() {}

	/** The SHA-256 of the entry's signed content. */
	public static byte[] digest(FhirContext ctx, IBaseResource entry) {
		Resource copy = ((Resource) entry).copy();
		copy.setId((String) null);
		copy.setMeta(null);
		if (copy instanceof DocumentReference d) {
			d.setStatus(null);
			d.setDocStatus(null);
			d.setAuthenticator(null);
		} else if (copy instanceof Composition c) {
			c.setStatus(null);
			c.setAttester(null);
		} else if (copy instanceof org.hl7.fhir.r4.model.ServiceRequest o) {
			o.setStatus(null); // an order is carried out after it is signed
		} else if (copy instanceof org.hl7.fhir.r4.model.MedicationRequest o) {
			o.setStatus(null);
			o.setStatusReason(null);
		}
		// Whose chart it is in is not what the author said: a merge of duplicate charts, or a misfiled note
		// moved to the right chart, re-points every reference to the patient (kept in the history and the trail).
		for (org.hl7.fhir.r4.model.Reference r : ctx.newTerser().getAllPopulatedChildElementsOfType(copy,
				org.hl7.fhir.r4.model.Reference.class)) {
			if (r.getReference() != null && r.getReference().startsWith("Patient/")) {
				r.setReference("Patient");
			}
		}
		String json = ctx.newJsonParser().setPrettyPrint(false).encodeResourceToString(copy);
		return org.custodian.support.Digests.sha256(json);
	}

	/** Who the entry says authenticated it: a DocumentReference's authenticator, a Composition's legal attester. */
	public static @Nullable String authenticator(IBaseResource entry) {
		if (entry instanceof DocumentReference d) {
			return d.hasAuthenticator() ? d.getAuthenticator().getReference() : null;
		}
		if (entry instanceof Composition c) {
			return c.getAttester().stream().filter(a -> a.getMode() == Composition.CompositionAttestationMode.LEGAL).map(a -> a
					.getParty().getReference()).findFirst().orElse(null);
		}
		return null;
	}

	/** A DocumentReference's docStatus (preliminary until every signature is in, then final); null for a Composition. */
	public static @Nullable String docStatus(IBaseResource entry) {
		return entry instanceof DocumentReference d && d.hasDocStatus() ? d.getDocStatus().toCode() : null;
	}

	/** The entry as signing leaves it: authenticated by {@code authenticator}, named {@code name} (null: awaiting co-signature). */
	static void authenticate(IBaseResource entry, @Nullable String authenticator, @Nullable String name, java.util.Date when) {
		if (entry instanceof DocumentReference d) {
			d.setDocStatus(authenticator == null ? DocumentReference.ReferredDocumentStatus.PRELIMINARY
					: DocumentReference.ReferredDocumentStatus.FINAL);
			d.setAuthenticator(authenticator == null ? null : new org.hl7.fhir.r4.model.Reference(authenticator).setDisplay(name));
		} else if (entry instanceof Composition c && authenticator != null) {
			c.getAttester().removeIf(a -> a.getMode() == Composition.CompositionAttestationMode.LEGAL);
			c.addAttester().setMode(Composition.CompositionAttestationMode.LEGAL).setTime(when).setParty(
					new org.hl7.fhir.r4.model.Reference(authenticator).setDisplay(name));
		}
	}

	static String hex(byte[] digest) {
		return java.util.HexFormat.of().formatHex(digest);
	}
}
