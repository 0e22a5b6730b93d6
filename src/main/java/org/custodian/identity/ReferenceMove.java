package org.custodian.identity;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;

import ca.uhn.fhir.context.FhirContext;

/**
 * Points a resource's references to one patient at another: {@code Patient/a} and
 * {@code Patient/a/_history/n} become {@code Patient/b} (a version of another patient's record
 * means nothing on b's). Works on a copy; the stored version is never touched.
 */
final class ReferenceMove {

	private final FhirContext ctx;

	ReferenceMove(FhirContext ctx) {
		this.ctx = ctx;
	}

	/**
	 * Gives a record changed after a merge back to the source: the references the merge moved (where
	 * {@code before} referred to the source and {@code merged} to the target) point at the source
	 * again, and references to the target that were there before the merge stay. When later changes
	 * moved references about so that positions no longer line up, every reference to the target goes
	 * back to the source.
	 */
	IBaseResource restore(IBaseResource current, IBaseResource merged, IBaseResource before, String source, String target) {
		List<IBaseReference> was = references(before);
		List<IBaseReference> moved = references(merged);
		IBaseResource copy = ((org.hl7.fhir.r4.model.Resource) current).copy();
		List<IBaseReference> now = references(copy);
		if (was.size() != moved.size() || now.size() != moved.size()) {
			return repoint(current, target, source);
		}
		for (int i = 0; i < now.size(); i++) {
			boolean movedHere = refersTo(was.get(i), source) && refersTo(moved.get(i), target);
			if (movedHere && refersTo(now.get(i), target)) {
				now.get(i).setReference(was.get(i).getReferenceElement().getValue());
			}
		}
		return copy;
	}

	private List<IBaseReference> references(IBaseResource r) {
		return ctx.newTerser().getAllPopulatedChildElementsOfType(r, IBaseReference.class);
	}

	private static boolean refersTo(IBaseReference ref, String patient) {
		String value = ref.getReferenceElement().getValue();
		String plain = "Patient/" + patient;
		return value != null && (value.equals(plain) || value.startsWith(plain + "/_history/"));
	}

	IBaseResource repoint(IBaseResource resource, String from, String to) {
		IBaseResource copy = ((org.hl7.fhir.r4.model.Resource) resource).copy();
		for (IBaseReference ref : references(copy)) {
			if (refersTo(ref, from)) {
				ref.setReference("Patient/" + to);
			}
		}
		return copy;
	}
}
