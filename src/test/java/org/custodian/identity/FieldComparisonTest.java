package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The agreement levels of the compared fields, for the errors registration clerks make. */
class FieldComparisonTest {

	private static Person person(String given, String family, String born) {
		return new Person("x", given, null, family, born, "female", "12 high street", "springfield", "62701", null, null,
				"123456789", null);
	}

	@Test
	void aNicknameIsTheSameGivenNameButWeakerThanTheSameSpelling() {
		assertThat(Field.GIVEN.compare(person("robert", "lee", "19700101"), person("bob", "lee", "19700101"))).isEqualTo(1);
		assertThat(Field.GIVEN.compare(person("robert", "lee", "19700101"), person("robert", "lee", "19700101"))).isZero();
	}

	@Test
	void aTypingMistakeOrASpellingVariantIsAlikeNotDifferent() {
		assertThat(Field.FAMILY.compare(person("ann", "smith", "19700101"), person("ann", "smyth", "19700101"))).isEqualTo(1);
		assertThat(Field.FAMILY.compare(person("ann", "thompson", "19700101"), person("ann", "thomspon", "19700101"))).isEqualTo(1);
		assertThat(Field.FAMILY.compare(person("ann", "smith", "19700101"), person("ann", "garcia", "19700101"))).isEqualTo(2);
	}

	@Test
	void namesRecordedTheOtherWayRoundAgree() {
		Person a = person("lee", "robert", "19700101");
		Person b = person("robert", "lee", "19700101");
		assertThat(Field.GIVEN.compare(a, b)).isZero();
		assertThat(Field.FAMILY.compare(a, b)).isZero();
	}

	@Test
	void aBirthDateWithDayAndMonthSwappedOrOneDigitWrongIsASlip() {
		assertThat(Field.BIRTH_DATE.compare(person("a", "b", "19700307"), person("a", "b", "19700703"))).isEqualTo(1);
		assertThat(Field.BIRTH_DATE.compare(person("a", "b", "19700307"), person("a", "b", "19710307"))).isEqualTo(1);
		assertThat(Field.BIRTH_DATE.compare(person("a", "b", "19700307"), person("a", "b", "19700370"))).isEqualTo(1);
		assertThat(Field.BIRTH_DATE.compare(person("a", "b", "19700307"), person("a", "b", "19851122"))).isEqualTo(2);
	}

	@Test
	void aMissingFieldNeitherAgreesNorDisagrees() {
		Person a = person("a", "b", null);
		assertThat(Field.BIRTH_DATE.compare(a, person("a", "b", "19700101"))).isEqualTo(Field.MISSING);
		assertThat(Field.PHONE.compare(a, a)).isEqualTo(Field.MISSING);
	}

	@Test
	void aScoreIsExplainedFieldByField() {
		double[][] m = new double[Field.values().length][];
		double[][] u = new double[Field.values().length][];
		for (Field f : Field.values()) {
			int n = f.levels().size();
			m[f.ordinal()] = new double[n];
			u[f.ordinal()] = new double[n];
			for (int l = 0; l < n; l++) {
				m[f.ordinal()][l] = l == 0 ? 0.9 : 0.1 / (n - 1);
				u[f.ordinal()][l] = l == n - 1 ? 0.9 : 0.1 / (n - 1);
			}
		}
		MatchModel model = new MatchModel(m, u, 10, 4);

		MatchModel.Score score = model.score(person("robert", "lee", "19700101"), person("bob", "lee", "19700101"));

		assertThat(score.contributions()).extracting(c -> c.field() + " " + c.level()).contains("GIVEN nickname",
				"FAMILY same", "BIRTH_DATE same", "NATIONAL_ID same");
		assertThat(score.total()).isEqualTo(score.contributions().stream().mapToDouble(MatchModel.Contribution::weight).sum());
		assertThat(score.outcome()).isEqualTo(MatchModel.Outcome.MATCH);
	}

	@Test
	void twinsWhoShareEverythingButTheirFirstNameAndIdGoToReviewNotToAnAutomaticMatch() {
		MatchModel model = MatchModel.defaults(14, 6);
		Person ann = new Person("a", "ann", null, "lee", "19900101", "female", "12 high street", "springfield", "62701",
				"2175550100", null, "123456789", null);
		Person beth = new Person("b", "beth", null, "lee", "19900101", "female", "12 high street", "springfield", "62701",
				"2175550100", null, null, null);

		MatchModel.Score twins = model.score(ann, beth);

		assertThat(twins.total()).isGreaterThan(14);
		assertThat(twins.outcome()).isEqualTo(MatchModel.Outcome.POSSIBLE);
	}

	@Test
	void aStreetAddressThatAgreesIsNotCountedAgainForItsCityAndPostcode() {
		MatchModel model = MatchModel.defaults(14, 6);

		MatchModel.Score score = model.score(person("ann", "lee", "19900101"), person("ann", "lee", "19900101"));

		assertThat(score.contributions()).filteredOn(c -> c.field() == Field.CITY || c.field() == Field.POSTCODE)
				.extracting(MatchModel.Contribution::weight).containsOnly(0.0);
		assertThat(score.contributions()).filteredOn(c -> c.field() == Field.ADDRESS).singleElement()
				.satisfies(c -> assertThat(c.weight()).isPositive());
	}

	@Test
	void aNameAndATownAloneNeverMatchAutomatically() {
		MatchModel model = MatchModel.defaults(10, 4);
		Person a = new Person("a", "ann", null, "lee", "19900101", "female", null, "springfield", "62701", null, null, null, null);
		Person b = new Person("b", "ann", null, "lee", "19551231", "female", null, "springfield", "62701", null, null, null, null);

		MatchModel.Score score = model.score(a, b);

		assertThat(score.total()).isGreaterThan(10);
		assertThat(score.outcome()).isEqualTo(MatchModel.Outcome.POSSIBLE);
	}
}
