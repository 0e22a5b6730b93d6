package org.custodian.search;

import java.util.Set;

import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Signature;

/**
 * Sends each value an expression produced to the mapper for its parameter's type. An extension
 * stands for its value (as in HAPI). Datatypes that FHIR search never indexes are ignored up front.
 */
final class ValueMapping {

	private final ReferenceMapper references;

	ValueMapping(Set<String> resourceTypes) {
		this.references = new ReferenceMapper(resourceTypes);
	}

	Outcome map(CompiledParam param, Resource resource, Base raw, Set<IndexEntry> out) {
		Base value = raw instanceof Extension extension ? extension.getValue() : raw;
		if (value == null) {
			return Outcome.EMPTY;
		}
		if (value instanceof Annotation || value instanceof Attachment || value instanceof Ratio
				|| value instanceof Signature) {
			return Outcome.IGNORED;
		}
		String name = param.name();
		return switch (param.type()) {
			case STRING -> StringMapper.map(name, value, out);
			case TOKEN -> TokenMapper.map(name, resource, value, out);
			case DATE -> DateMapper.map(name, value, out);
			case NUMBER -> NumberMapper.map(name, value, out);
			case QUANTITY -> QuantityMapper.map(name, value, out);
			case REFERENCE -> references.map(name, value, out);
			case URI -> UriMapper.map(name, value, out);
			default -> Outcome.UNSUPPORTED;
		};
	}
}
