package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.custodian.search.IndexEntry.StringValue;
import org.custodian.search.IndexEntry.TokenValue;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * Invariants of extraction checked over many generated values. Generation is seeded, so a failure
 * reproduces; the failing value is named in the assertion message.
 */
class SearchIndexerPropertyTest {

	private static final long SEED = 20261124L;
	private static final String NAME_CHARS = "abcdeéèüöñçÅØßXYZ '-";

	@Test
	void anIndexedTokenIsFoundUnderItsSystemCodeAndCodeHashes() {
		Random random = new Random(SEED);
		for (int i = 0; i < 200; i++) {
			String system = "http://" + word(random, "abcdefghijklmnopqrstuvwxyz", 1, 12) + ".org";
			String code = word(random, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 20);
			Observation observation = new Observation();
			observation.setCode(new CodeableConcept().addCoding(new Coding(system, code, null)));

			List<TokenValue> tokens = Corpus.indexer().extract(observation).stream()
					.filter(e -> e.param().equals("code") && e instanceof TokenValue).map(TokenValue.class::cast).toList();

			long queried = IndexHash.tokenSystemCode("Observation", "code", system, code);
			assertThat(tokens).as(system + "|" + code).anySatisfy(t -> {
				assertThat(IndexHash.tokenSystemCode("Observation", "code", t.system(), t.code())).isEqualTo(queried);
				assertThat(IndexHash.tokenCode("Observation", "code", t.code()))
						.isEqualTo(IndexHash.tokenCode("Observation", "code", code));
			});
		}
	}

	@Test
	void everyNamePartIsIndexedLowerCasedAndWithoutAccents() {
		Random random = new Random(SEED + 1);
		for (int i = 0; i < 200; i++) {
			String family = nonBlank(random);
			String given = nonBlank(random);
			Patient patient = new Patient();
			patient.addName().setFamily(family).addGiven(given);

			List<StringValue> names = Corpus.indexer().extract(patient).stream()
					.filter(e -> e.param().equals("name")).map(StringValue.class::cast).toList();

			assertThat(names).as(family + " / " + given).extracting(StringValue::exact).contains(family, given);
			for (StringValue name : names) {
				assertThat(name.normalized()).isEqualTo(name.normalized().toLowerCase(Locale.ROOT));
				assertThat(Normalizer.normalize(name.normalized(), Normalizer.Form.NFD)).doesNotContainPattern("\\p{M}");
				assertThat(name.normalized()).isEqualTo(SearchStrings.normalize(name.exact()));
			}
		}
	}

	/** Each precision of the same instant, coarsest first: year, month, day, second, millisecond. */
	private static final List<DateTimeFormatter> PRECISIONS = List.of(DateTimeFormatter.ofPattern("uuuu"),
			DateTimeFormatter.ofPattern("uuuu-MM"), DateTimeFormatter.ofPattern("uuuu-MM-dd"),
			DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"),
			DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX"));

	@Test
	void aCoarserDateRangeContainsEveryFinerOneAndRangesKeepOrder() {
		Random random = new Random(SEED + 2);
		for (int i = 0; i < 300; i++) {
			long epochMillis = -2_000_000_000_000L + (long) (random.nextDouble() * 6_000_000_000_000L);
			OffsetDateTime time = Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
			long[] previous = null;
			for (DateTimeFormatter precision : PRECISIONS) {
				String text = time.format(precision);
				long[] range = FhirDates.range(text);
				assertThat(range).as(text).isNotNull();
				assertThat(range[0]).as(text).isLessThanOrEqualTo(epochMillis);
				assertThat(epochMillis).as(text).isLessThanOrEqualTo(range[1]);
				if (previous != null) {
					assertThat(previous[0]).as(text).isLessThanOrEqualTo(range[0]);
					assertThat(range[1]).as(text).isLessThanOrEqualTo(previous[1]);
				}
				previous = range;
			}
		}
	}

	private static String nonBlank(Random random) {
		String s;
		do {
			s = word(random, NAME_CHARS, 1, 30);
		} while (s.isBlank());
		return s;
	}

	private static String word(Random random, String alphabet, int min, int max) {
		int length = min + random.nextInt(max - min + 1);
		StringBuilder sb = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return sb.toString();
	}
}
