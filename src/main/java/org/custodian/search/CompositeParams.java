package org.custodian.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * The R4 composite search parameters ({@code code-value-quantity}, {@code relationship},
 * {@code context-type-value}…), read from HAPI's model and reshaped for indexing by element.
 *
 * <p>A composite's expression selects elements (its <em>focus</em>: {@code Observation.component}),
 * and its components are other search parameters, evaluated on each such element, so that
 * {@code component-code-value-quantity} matches only when the code and the value sit in the same
 * component. HAPI gives components only as references to those other parameters, whose expressions
 * start at the resource; each is rewritten here relative to the focus ({@code Observation.component.code}
 * → {@code code}). A branch that does not start at the focus is evaluated on the resource instead
 * (the spec's {@code %resource.referenceSeq.chromosome} for a MolecularSequence variant).
 *
 * <p>A composite whose expression is a union ({@code Observation | Observation.component}) has one
 * {@link Shape} per branch, and a branch is assigned to the longest focus it starts with. Shapes are
 * what is indexed, keyed by their content: {@code combo-code-value-quantity} shares its two shapes
 * with {@code code-value-quantity} and {@code component-code-value-quantity}, so those values are
 * stored once and the combo parameter searches both.
 *
 * <p>A shape whose focus is the resource itself ({@code code-value-quantity}: the Observation) needs
 * no rows of its own when each component is exactly an ordinary parameter of the resource
 * ({@code code}, {@code value-quantity}): "the same element" is then the same resource, and those
 * parameters' rows already hold the values. Such a shape is <em>served by</em> them, which spares
 * most Observations any composite rows.
 */
final class CompositeParams {

	private static final Logger LOG = LoggerFactory.getLogger(CompositeParams.class);

	/**
	 * Components R4 defines that HAPI's model leaves out: the coordinate composites have three
	 * components ({@code chromosome-variant-coordinate=1$gt100$lt200}); HAPI lists only the first two.
	 */
	private static final Map<String, String> MISSING_LAST_COMPONENT = Map.of(
			"MolecularSequence.chromosome-variant-coordinate", "variant-end",
			"MolecularSequence.referenceseqid-variant-coordinate", "variant-end",
			"MolecularSequence.chromosome-window-coordinate", "window-end",
			"MolecularSequence.referenceseqid-window-coordinate", "window-end");

	/** One component as a client writes it: the component parameter and its value type. */
	record Component(String name, RestSearchParameterTypeEnum type) {}

	/**
	 * How one component of a shape finds its values: {@code relative} is evaluated on the focus
	 * element, {@code rooted} on the resource; at least one is present. {@code servedBy} names the
	 * ordinary parameter whose rows hold exactly these values, when the focus is the resource.
	 */
	record Part(RestSearchParameterTypeEnum type, @Nullable String relative, @Nullable String rooted,
			@Nullable String servedBy) {}

	/** One focus of a composite, with each component's expressions. */
	record Shape(String resourceType, String focus, List<Part> parts) {

		/** Identifies the shape's values in the index; built from its content, so equal shapes share rows. */
		String key() {
			return focus + parts.stream().map(p -> "$" + p.type().getCode() + ":" + p.relative() + ":" + p.rooted())
					.collect(Collectors.joining());
		}

		/** Whether ordinary parameters' rows hold every component's values, so the shape has no rows of its own. */
		boolean servedByOrdinaryRows() {
			return parts.stream().allMatch(p -> p.servedBy() != null);
		}

		/** The index key ({@link IndexEntry#param()}) of the values of component {@code i}. */
		String partKey(int i) {
			return servedByOrdinaryRows() ? parts.get(i).servedBy() : key() + "#" + i;
		}
	}

	/** A composite parameter: what the client writes, and where its values are indexed. */
	record Composite(String resourceType, String name, List<Component> components, List<Shape> shapes) {}

	private final Map<String, Map<String, Composite>> byType;

	CompositeParams(FhirContext ctx) {
		Map<String, Map<String, Composite>> map = new HashMap<>();
		for (String type : new TreeSet<>(ctx.getResourceTypes())) {
			RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
			Map<String, Composite> composites = new LinkedHashMap<>();
			for (RuntimeSearchParam param : def.getSearchParams()) {
				if (param.getParamType() == RestSearchParameterTypeEnum.COMPOSITE) {
					Composite composite = derive(def, param);
					if (composite != null) {
						composites.put(param.getName(), composite);
					}
				}
			}
			map.put(type, Map.copyOf(composites));
		}
		this.byType = Map.copyOf(map);
	}

	@Nullable Composite find(String resourceType, String name) {
		return byType.getOrDefault(resourceType, Map.of()).get(name);
	}

	/** Every distinct shape of a resource type's composites: what indexing evaluates. */
	List<Shape> shapes(String resourceType) {
		Map<String, Shape> distinct = new LinkedHashMap<>();
		for (Composite composite : byType.getOrDefault(resourceType, Map.of()).values()) {
			composite.shapes().forEach(s -> distinct.putIfAbsent(s.key(), s));
		}
		return List.copyOf(distinct.values());
	}

	Map<String, Map<String, Composite>> all() {
		return byType;
	}

	private static @Nullable Composite derive(RuntimeResourceDefinition def, RuntimeSearchParam composite) {
		String qualified = def.getName() + "." + composite.getName();
		List<RuntimeSearchParam> members = new ArrayList<>();
		for (RuntimeSearchParam.Component component : composite.getComponents()) {
			RuntimeSearchParam member = byUri(def, component.getReference());
			if (member == null || !indexable(member)) {
				LOG.warn("Composite search parameter {} is not supported: component {} is not a parameter of"
						+ " a simple type", qualified, component.getReference());
				return null;
			}
			members.add(member);
		}
		String missing = MISSING_LAST_COMPONENT.get(qualified);
		if (missing != null && members.size() == 2 && def.getSearchParam(missing) != null) {
			members.add(def.getSearchParam(missing));
		}
		List<String> foci = ExpressionBranches.split(composite.getPath() == null ? "" : composite.getPath());
		List<Shape> shapes = new ArrayList<>();
		for (String focus : foci) {
			List<Part> parts = new ArrayList<>();
			for (RuntimeSearchParam member : members) {
				Part part = part(def, member, focus, foci);
				if (part == null) {
					LOG.warn("Composite search parameter {} is not supported: component {} has no expression for {}",
							qualified, member.getName(), focus);
					return null;
				}
				parts.add(part);
			}
			shapes.add(new Shape(def.getName(), focus, List.copyOf(parts)));
		}
		if (shapes.isEmpty() || members.size() < 2) {
			return null;
		}
		List<Component> components = members.stream().map(m -> new Component(m.getName(), m.getParamType())).toList();
		return new Composite(def.getName(), composite.getName(), components, List.copyOf(shapes));
	}

	/** The member's branches under {@code focus} (when that is the longest focus they start with), and those under none. */
	private static @Nullable Part part(RuntimeResourceDefinition def, RuntimeSearchParam member, String focus,
			List<String> foci) {
		List<String> relative = new ArrayList<>();
		List<String> rooted = new ArrayList<>();
		for (String branch : ExpressionBranches.split(member.getPath() == null ? "" : member.getPath())) {
			String owner = null;
			for (String candidate : foci) {
				if (ExpressionBranches.relativeTo(branch, candidate) != null
						&& (owner == null || candidate.length() > owner.length())) {
					owner = candidate;
				}
			}
			if (owner == null) {
				rooted.add(branch);
			} else if (owner.equals(focus)) {
				relative.add(ExpressionBranches.relativeTo(branch, focus));
			}
		}
		if (relative.isEmpty() && rooted.isEmpty()) {
			return null;
		}
		String servedBy = focus.equals(def.getName()) && rooted.isEmpty()
				? ordinaryParamWith(def, member.getParamType(), relative) : null;
		return new Part(member.getParamType(), relative.isEmpty() ? null : String.join(" | ", relative),
				rooted.isEmpty() ? null : String.join(" | ", rooted), servedBy);
	}

	/** An ordinary parameter of the resource whose expression is exactly {@code branches}, relative to the resource. */
	private static @Nullable String ordinaryParamWith(RuntimeResourceDefinition def, RestSearchParameterTypeEnum type,
			List<String> branches) {
		for (RuntimeSearchParam candidate : def.getSearchParams()) {
			if (candidate.getParamType() != type || candidate.getPath() == null) {
				continue;
			}
			List<String> relative = ExpressionBranches.split(candidate.getPath()).stream()
					.map(b -> ExpressionBranches.relativeTo(b, def.getName())).toList();
			if (relative.equals(branches)) {
				return candidate.getName();
			}
		}
		return null;
	}

	private static @Nullable RuntimeSearchParam byUri(RuntimeResourceDefinition def, String uri) {
		for (RuntimeSearchParam candidate : def.getSearchParams()) {
			if (uri.equals(candidate.getUri())) {
				return candidate;
			}
		}
		return null;
	}

	private static boolean indexable(RuntimeSearchParam param) {
		return Set.of(RestSearchParameterTypeEnum.STRING, RestSearchParameterTypeEnum.TOKEN,
				RestSearchParameterTypeEnum.DATE, RestSearchParameterTypeEnum.NUMBER, RestSearchParameterTypeEnum.QUANTITY,
				RestSearchParameterTypeEnum.REFERENCE, RestSearchParameterTypeEnum.URI).contains(param.getParamType());
	}
}
