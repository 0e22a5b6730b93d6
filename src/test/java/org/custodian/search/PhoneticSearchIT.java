package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code phonetic}: names found by how they sound, over the FHIR API, and the re-indexing of names stored before. */
class PhoneticSearchIT extends ServerTest {

	@Autowired
	PhoneticBackfill backfill;

	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");

	private String create(String family, String given) {
		Response r = fhir.post("Patient", Fixtures.patient(family, given));
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	private List<String> found(String query) {
		Response r = fhir.get("Patient?" + query + "&_count=100");
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		return r.as(Bundle.class).getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	@Test
	void findsSpellingVariantsOfANameBySound() {
		String smith = create("Smith" + tag, "Catherine");
		String smyth = create("Smyth" + tag, "Kathryn");
		String jones = create("Jones" + tag, "Katie");

		assertThat(found("phonetic=Smith" + tag)).contains(smith, smyth).doesNotContain(jones);
		assertThat(found("phonetic=Katherine&family=Sm")).contains(smith, smyth).doesNotContain(jones);
		// Spelling still matters to name: only phonetic tolerates it.
		assertThat(found("name=Smyth" + tag)).containsExactly(smyth);
	}

	@Test
	void reindexesNamesStoredBeforeTheyWereIndexedBySound() {
		String id = create("Thomson" + tag, "Stephen");
		long resId = jdbc.queryForObject("select res_id from resource where res_type = 'Patient' and fhir_id = ?", Long.class, id);
		long identity = IndexHash.identity("Patient", "phonetic");
		// As an older version indexed it: the spelling, not the sound.
		jdbc.update("delete from idx_string where res_id = ? and hash_identity = ?", resId, identity);
		jdbc.update("insert into idx_string (res_id, hash_identity, value_norm, value_exact) values (?,?,?,?)", resId, identity,
				"thomson" + tag, "Thomson" + tag);
		jdbc.update("delete from index_upgrade where name = ?", PhoneticBackfill.UPGRADE);
		assertThat(found("phonetic=Tomson" + tag)).doesNotContain(id);

		assertThat(backfill.run()).isGreaterThanOrEqualTo(1);

		assertThat(found("phonetic=Tomson" + tag)).contains(id);
		assertThat(found("phonetic=Steven")).contains(id);
		assertThat(backfill.run()).as("once per database").isZero();
	}
}
