package org.custodian.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.record.StoredVersion;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** An amendment or a statement of disagreement goes with the records it concerns, whatever the request asked for. */
class TravellingStatementsTest {

	private static final Decision RELEASE = new Decision(Decision.Outcome.RELEASE, List.of(), Set.of(), Map.of(), List.of());

	private static StoredVersion stored(String id, Resource r) {
		return new StoredVersion(r.fhirType(), id, 1, Instant.parse("2026-01-01T00:00:00Z"), StoredVersion.Operation.CREATE, r);
	}

	private static DocumentReference statement(String code, String... concerns) {
		DocumentReference d = new DocumentReference().setDate(java.util.Date.from(Instant.parse("2026-11-01T00:00:00Z")));
		d.getType().addCoding(new Coding(TravellingStatements.SYSTEM, code, null));
		for (String c : concerns) {
			if (c.startsWith("DocumentReference/")) {
				d.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.APPENDS).setTarget(new Reference(c));
			}
			d.getContext().addRelated(new Reference(c));
		}
		return d;
	}

	@Test
	void aStatementOfDisagreementGoesWithTheNoteItConcernsEvenOutsideThePeriodAndTypesAskedButABareDenialDoesNot() {
		DocumentReference note = new DocumentReference().setDate(java.util.Date.from(Instant.parse("2026-03-01T00:00:00Z")));
		StoredVersion disagreement = stored("s1", statement(TravellingStatements.DISAGREEMENT, "DocumentReference/n1"));
		StoredVersion unrelated = stored("s2", statement(TravellingStatements.AMENDMENT, "Condition/other"));
		StoredVersion denial = stored("d1", statement(TravellingStatements.DENIAL, "DocumentReference/n1"));
		List<StoredVersion> record = List.of(stored("n1", note), stored("c1", new Condition()), disagreement, unrelated, denial);

		PackageContents.Selected selected = PackageContents.select(record, Set.of("DocumentReference"), LocalDate.parse(
				"2026-01-01"), LocalDate.parse("2026-06-30"), RELEASE);

		assertThat(selected.included()).extracting(StoredVersion::id).containsExactly("n1", "s1");
	}

	@Test
	void anAmendmentToAConditionGoesWithIt() {
		StoredVersion amendment = stored("a1", statement(TravellingStatements.AMENDMENT, "Condition/c1"));
		List<StoredVersion> record = List.of(stored("c1", new Condition()), amendment);

		assertThat(PackageContents.select(record, Set.of("Condition"), null, null, RELEASE).included()).extracting(
				StoredVersion::id).containsExactly("c1", "a1");
		assertThat(PackageContents.select(record, Set.of("Observation"), null, null, RELEASE).included()).isEmpty();
	}
}
