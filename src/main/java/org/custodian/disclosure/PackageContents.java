package org.custodian.disclosure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.custodian.access.Sensitivity;
import org.custodian.record.StoredVersion;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * What a package holds (minimum necessary, 164.502(b)): of the patient's records the caller may
 * read, those of the types asked for and within the period asked for; and of those, none of a
 * sensitive category the decision does not release. Every record left out for its sensitivity is
 * listed with why, for the specialist to see before release; records outside the types or period
 * were simply not asked for. Amendments and statements of disagreement go with the records they
 * concern ({@link TravellingStatements}).
 */
final class PackageContents {

	/** A record left out, and why. */
	record Exclusion(String reference, String why) {}

	record Selected(List<StoredVersion> included, List<Exclusion> excluded) {}

	private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

	private PackageContents() {}

	static Selected select(List<StoredVersion> record, Set<String> types, @Nullable LocalDate from, @Nullable LocalDate to,
			Decision decision) {
		List<StoredVersion> included = new ArrayList<>();
		List<Exclusion> excluded = new ArrayList<>();
		for (StoredVersion v : record) {
			if (!v.type().equals("Patient") && !types.isEmpty() && !types.contains(v.type())) {
				continue;
			}
			LocalDate when = ResourceLines.of(v.resource()).when();
			if (when != null && (from != null && when.isBefore(from) || to != null && when.isAfter(to))) {
				continue;
			}
			String why = withheld(v, decision);
			if (why != null) {
				excluded.add(new Exclusion(v.type() + "/" + v.id(), why));
			} else {
				included.add(v);
			}
		}
		// An accepted amendment, or a statement of disagreement, goes with the records it concerns whatever was asked for.
		included.addAll(TravellingStatements.about(record, included));
		return new Selected(included, excluded);
	}

	/** Why the record may not go, or null when it may. */
	private static @Nullable String withheld(StoredVersion v, Decision decision) {
		for (SensitiveCategory c : categories(v)) {
			if (!decision.released().contains(c)) {
				String why = decision.withheld().get(c);
				return c.code().replace('-', ' ') + ": " + (why != null ? why : "not asked for explicitly; sensitive records go only"
						+ " when the request names them and its basis allows it");
			}
		}
		return null;
	}

	/**
	 * The sensitive categories a record's labels mark: psychotherapy notes by their own label
	 * (PSYTHPN), or by a document type that names them, for notes stored without it.
	 */
	static Set<SensitiveCategory> categories(StoredVersion v) {
		Set<SensitiveCategory> out = EnumSet.noneOf(SensitiveCategory.class);
		Resource r = (Resource) v.resource();
		for (Coding label : r.getMeta().getSecurity()) {
			Sensitivity s = Sensitivity.of(label.getSystem(), label.getCode());
			if (s == Sensitivity.HIV) {
				out.add(SensitiveCategory.HIV);
			} else if (s == Sensitivity.MENTAL_HEALTH) {
				out.add(SensitiveCategory.BEHAVIORAL_HEALTH);
			} else if (s == Sensitivity.SUBSTANCE_USE) {
				out.add(SensitiveCategory.SUBSTANCE_USE);
			} else if (s == Sensitivity.SEXUAL_AND_REPRODUCTIVE) {
				out.add(SensitiveCategory.REPRODUCTIVE);
			} else if (ACT_CODE.equals(label.getSystem()) && "GDIS".equals(label.getCode())) {
				out.add(SensitiveCategory.GENETIC);
			}
			if (ACT_CODE.equals(label.getSystem()) && "PSYTHPN".equals(label.getCode())) {
				out.add(SensitiveCategory.PSYCHOTHERAPY_NOTES);
			}
		}
		if (r instanceof DocumentReference d && (d.getType().getText() + " " + d.getType().getCoding().stream()
				.map(Coding::getDisplay).toList()).toLowerCase(Locale.ROOT).contains("psychotherapy")) {
			out.add(SensitiveCategory.PSYCHOTHERAPY_NOTES);
		}
		return out;
	}
}
