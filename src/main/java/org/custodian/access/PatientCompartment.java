package org.custodian.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.custodian.search.IndexHash;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Which resources are a patient's, by the R4 Patient compartment definition: for each type, the
 * reference parameters that make a resource a member (Observation: subject, performer), as the
 * hashed identities the reference index is keyed by. Types outside the compartment (Practitioner,
 * Organization, Medication …) hold no one patient's data.
 */
final class PatientCompartment {

	private final Map<String, long[]> identitiesByType = new HashMap<>();
	private final long[] allIdentities;
	private final String[] typesOutside;

	PatientCompartment(FhirContext ctx) {
		List<Long> all = new ArrayList<>();
		List<String> outside = new ArrayList<>();
		for (String type : ctx.getResourceTypes()) {
			List<Long> ids = new ArrayList<>();
			for (RuntimeSearchParam p : ctx.getResourceDefinition(type).getSearchParams()) {
				if (p.getParamType() == RestSearchParameterTypeEnum.REFERENCE && p.getProvidesMembershipInCompartments() != null
						&& p.getProvidesMembershipInCompartments().contains("Patient")) {
					ids.add(IndexHash.identity(type, p.getName()));
				}
			}
			if (type.equals("Patient")) {
				continue; // a patient is in its own compartment by id; "link" would admit other patients
			}
			if (ids.isEmpty()) {
				outside.add(type);
			} else {
				identitiesByType.put(type, ids.stream().mapToLong(Long::longValue).toArray());
				all.addAll(ids);
			}
		}
		this.allIdentities = all.stream().mapToLong(Long::longValue).toArray();
		this.typesOutside = outside.toArray(String[]::new);
	}

	/** The hashed identities of every reference parameter that makes a resource a patient's. */
	long[] identities() {
		return allIdentities.clone();
	}

	/** The condition that resource {@code r} of {@code type} is in the record of one of {@code patients}. */
	RowFilter member(String r, String type, long[] patients) {
		if (type.equals("Patient")) {
			return new RowFilter(r + ".res_id = any(?)", List.of((Object) patients));
		}
		long[] identities = identitiesByType.get(type);
		if (identities == null) {
			return RowFilter.ALL;
		}
		return new RowFilter(references(r), List.of(identities, patients));
	}

	/** As {@link #member}, for a row of any type. */
	RowFilter memberOfAnyType(String r, long[] patients) {
		return new RowFilter("((" + r + ".res_type = 'Patient' and " + r + ".res_id = any(?)) or " + r + ".res_type = any(?)"
				+ " or " + references(r) + ")", List.of(patients, typesOutside, allIdentities, patients));
	}

	/**
	 * The condition that resource {@code r} ({@code type}, or null for a row of any type) is part of
	 * the record of one of {@code patients}: unlike {@link #member}, a type outside the compartment
	 * (a Practitioner) is part of no patient's record. What a patient's consent can withhold.
	 */
	RowFilter recordOf(String r, @Nullable String type, long[] patients) {
		if (type == null) {
			return new RowFilter("((" + r + ".res_type = 'Patient' and " + r + ".res_id = any(?)) or " + references(r) + ")",
					List.of(patients, allIdentities, patients));
		}
		if (type.equals("Patient")) {
			return new RowFilter(r + ".res_id = any(?)", List.of((Object) patients));
		}
		long[] identities = identitiesByType.get(type);
		return identities == null ? RowFilter.NONE : new RowFilter(references(r), List.of(identities, patients));
	}

	/**
	 * A probe per candidate row: one descent of the index on res_id to the row's few reference rows,
	 * which are then tested against the identities and patients (hashed, as PostgreSQL does for
	 * larger arrays in a filter). {@code offset 0} keeps PostgreSQL from turning the probe into a join
	 * that reads every reference to every patient in the set (for a clinician with a hundred patients,
	 * most of the table); {@code + 0} keeps the arrays out of the index condition, where each pair of
	 * their values would cost a descent of its own.
	 */
	private static String references(String r) {
		String g = "g_" + r;
		return "exists (select 1 from idx_reference " + g + " where " + g + ".res_id = " + r + ".res_id and (" + g
				+ ".hash_identity + 0) = any(?) and (" + g + ".target_res_id + 0) = any(?) offset 0)";
	}
}
