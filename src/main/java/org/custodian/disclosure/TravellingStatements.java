package org.custodian.disclosure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.custodian.record.StoredVersion;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Reference;

/**
 * What must go with a record whenever it is disclosed (164.526(c)(1) and (d)(5)): an amendment
 * accepted to it, and a statement of disagreement (with the request and the denial) filed against it.
 * Such a statement is a DocumentReference typed in {@link #SYSTEM}, which names the records it
 * concerns in {@code relatesTo} (documents) and {@code context.related} (any record).
 */
public final class TravellingStatements {

	/** The code system of the statements that travel with records. */
	public static final String SYSTEM = "https://custodian.dev/fhir/CodeSystem/record-statement";
	public static final String AMENDMENT = "amendment";
	public static final String DISAGREEMENT = "statement-of-disagreement";
	/** A denied request, linked to the records; it travels only once the patient files a statement or asks (164.526(d)(5)). */
	public static final String DENIAL = "request-and-denial";

	private TravellingStatements() {}

	/** Of the patient's {@code record}, the statements about any of {@code released} not already in it. */
	static List<StoredVersion> about(List<StoredVersion> record, List<StoredVersion> released) {
		Set<String> going = released.stream().map(v -> v.type() + "/" + v.id()).collect(Collectors.toSet());
		List<StoredVersion> with = new ArrayList<>();
		for (StoredVersion v : record) {
			if (v.resource() instanceof DocumentReference d && !going.contains("DocumentReference/" + v.id()) && isStatement(d)
					&& concerns(d).stream().anyMatch(going::contains)) {
				with.add(v);
			}
		}
		return with;
	}

	static boolean isStatement(DocumentReference d) {
		return d.getType().getCoding().stream().anyMatch(c -> SYSTEM.equals(c.getSystem()) && !DENIAL.equals(c.getCode()));
	}

	/** The records a statement concerns. */
	public static List<String> concerns(DocumentReference d) {
		List<String> out = new ArrayList<>();
		d.getRelatesTo().forEach(r -> out.add(r.getTarget().getReference()));
		d.getContext().getRelated().stream().map(Reference::getReference).forEach(out::add);
		return out.stream().filter(r -> r != null).distinct().toList();
	}
}
