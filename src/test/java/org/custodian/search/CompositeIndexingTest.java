package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.custodian.search.CompositeParams.Composite;
import org.custodian.search.IndexEntry.CompositePart;
import org.custodian.search.IndexEntry.NumberRange;
import org.custodian.search.IndexEntry.QuantityValue;
import org.custodian.search.IndexEntry.TokenValue;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MolecularSequence;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** Composite values are indexed element by element: the parts of one element share a group. */
class CompositeIndexingTest {

	private static final String LOINC = "http://loinc.org";
	private static final CompositeParams COMPOSITES = new CompositeParams(Corpus.CTX);

	private static Composite composite(String type, String name) {
		Composite composite = COMPOSITES.find(type, name);
		assertThat(composite).as(type + "." + name).isNotNull();
		return composite;
	}

	/** The parts indexed for one shape of a composite, grouped by element. */
	private static Map<Integer, List<IndexEntry>> groups(Resource resource, Composite composite, int shape) {
		String prefix = composite.shapes().get(shape).key() + "#";
		return Corpus.indexer().extract(resource).stream().filter(CompositePart.class::isInstance)
				.map(CompositePart.class::cast).filter(p -> p.param().startsWith(prefix))
				.collect(Collectors.groupingBy(CompositePart::group, Collectors.mapping(CompositePart::value,
						Collectors.toList())));
	}

	private static Observation bloodPressure() {
		Observation bp = new Observation();
		bp.setStatus(Observation.ObservationStatus.FINAL);
		bp.getCode().addCoding(new Coding(LOINC, "85354-9", "Blood pressure panel"));
		bp.setSubject(new Reference("Patient/p1"));
		bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8480-6", "Systolic")))
				.setValue(new Quantity().setValue(120).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
		bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8462-4", "Diastolic")))
				.setValue(new Quantity().setValue(80).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
		return bp;
	}

	@Test
	void each_blood_pressure_component_is_a_group_holding_its_own_code_and_value() {
		Composite composite = composite("Observation", "component-code-value-quantity");

		Map<Integer, List<IndexEntry>> groups = groups(bloodPressure(), composite, 0);

		assertThat(groups).hasSize(2);
		assertThat(groups.values()).allSatisfy(parts -> assertThat(parts).hasSize(2));
		assertThat(groups.values()).anySatisfy(parts -> assertThat(parts)
				.anyMatch(e -> e instanceof TokenValue t && t.code().equals("8480-6"))
				.anyMatch(e -> e instanceof QuantityValue q && q.value().intValue() == 120));
		assertThat(groups.values()).anySatisfy(parts -> assertThat(parts)
				.anyMatch(e -> e instanceof TokenValue t && t.code().equals("8462-4"))
				.anyMatch(e -> e instanceof QuantityValue q && q.value().intValue() == 80));
	}

	@Test
	void an_observation_without_a_value_of_the_composites_type_indexes_nothing_for_it() {
		Observation bp = bloodPressure();
		bp.getComponentFirstRep().setValue(null);

		assertThat(groups(bp, composite("Observation", "component-code-value-quantity"), 0)).hasSize(1);
		assertThat(groups(bp, composite("Observation", "component-code-value-concept"), 0)).isEmpty();
	}

	@Test
	void a_component_pairs_each_coding_with_the_value_and_leaves_out_the_text() {
		Observation panel = bloodPressure();
		panel.getComponentFirstRep().getCode().addCoding(new Coding("urn:local", "SYS", null)).setText("Systolic");

		Map<Integer, List<IndexEntry>> groups = groups(panel, composite("Observation", "component-code-value-quantity"), 0);

		assertThat(groups.values()).anySatisfy(parts -> assertThat(parts).hasSize(3)
				.noneMatch(e -> e instanceof TokenValue t && t.code() == null));
	}

	@Test
	void code_value_quantity_writes_no_rows_of_its_own_but_searches_the_code_and_value_quantity_rows() {
		Observation glucose = new Observation();
		glucose.setStatus(Observation.ObservationStatus.FINAL);
		glucose.getCode().addCoding(new Coding(LOINC, "2339-0", null));
		glucose.setValue(new Quantity().setValue(new BigDecimal("5.4")).setCode("mmol/L"));
		Composite composite = composite("Observation", "code-value-quantity");

		assertThat(composite.shapes()).singleElement().satisfies(shape -> {
			assertThat(shape.servedByOrdinaryRows()).isTrue();
			assertThat(shape.partKey(0)).isEqualTo("code");
			assertThat(shape.partKey(1)).isEqualTo("value-quantity");
		});
		assertThat(Corpus.indexer().extract(glucose)).noneMatch(CompositePart.class::isInstance);
	}

	@Test
	void the_combo_parameter_shares_the_rows_of_the_observation_and_component_parameters() {
		Composite combo = composite("Observation", "combo-code-value-quantity");

		assertThat(combo.shapes()).extracting(CompositeParams.Shape::key).containsExactly(
				composite("Observation", "code-value-quantity").shapes().get(0).key(),
				composite("Observation", "component-code-value-quantity").shapes().get(0).key());
		assertThat(COMPOSITES.shapes("Observation")).hasSize(6);
	}

	@Test
	void a_variant_coordinate_takes_the_chromosome_from_the_reference_sequence_for_each_variant() {
		MolecularSequence sequence = new MolecularSequence();
		sequence.setCoordinateSystem(0);
		sequence.getReferenceSeq().setChromosome(new CodeableConcept(new Coding("http://x.org/chr", "1", null)))
				.setWindowStart(100).setWindowEnd(200);
		sequence.addVariant().setStart(120).setEnd(121);
		sequence.addVariant().setStart(150).setEnd(152);
		Composite composite = composite("MolecularSequence", "chromosome-variant-coordinate");

		Map<Integer, List<IndexEntry>> groups = groups(sequence, composite, 0);

		assertThat(composite.components()).extracting(CompositeParams.Component::name)
				.containsExactly("chromosome", "variant-start", "variant-end");
		assertThat(groups).hasSize(2);
		assertThat(groups.values()).allSatisfy(parts -> assertThat(parts).hasSize(3)
				.anyMatch(e -> e instanceof TokenValue t && "1".equals(t.code())));
		assertThat(groups.values()).anySatisfy(parts -> assertThat(parts)
				.anyMatch(e -> e instanceof NumberRange n && n.value().intValue() == 150));
	}

	@Test
	void every_composite_expression_takes_the_fast_path() {
		assertThat(Corpus.indexer().composites().slowExpressions()).isEmpty();
	}

	@Test
	void every_r4_composite_is_supported_with_the_components_the_specification_gives() {
		Map<String, Integer> specified = SpecSearchParameters.compositeComponentCounts();
		Set<String> ours = COMPOSITES.all().values().stream().flatMap(m -> m.values().stream())
				.map(c -> c.resourceType() + "." + c.name()).collect(Collectors.toSet());

		assertThat(ours).containsExactlyInAnyOrderElementsOf(specified.keySet());
		specified.forEach((name, count) -> {
			String[] typeAndCode = name.split("\\.");
			assertThat(composite(typeAndCode[0], typeAndCode[1]).components()).as(name).hasSize(count);
		});
	}
}
