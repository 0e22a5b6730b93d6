package org.custodian.fhir;

import java.time.LocalDate;

import org.custodian.coding.CodeSystems;
import org.custodian.coding.Terminology;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * The FHIR terminology operations over the loaded code sets ({@link Terminology}), each answering for
 * the release in force on {@code date} (today when not given):
 * {@code CodeSystem/$lookup} (display, short title, whether it may be used, parent and children),
 * {@code CodeSystem/$validate-code} (a billable code on the date of service; a header's 7th characters
 * named), {@code ValueSet/$expand} of a code system's implicit value set ({@code SYSTEM?fhir_vs},
 * {@code SYSTEM?fhir_vs=isa/CODE}) with {@code filter} words, and {@code ConceptMap/$translate}
 * through the loaded maps. Any signed-in caller may ask: code sets hold no patient's data.
 */
final class TerminologyProvider {

	private static final int DEFAULT_COUNT = 20;

	private final Terminology terminology;
	private final RequestAccess access;

	TerminologyProvider(Terminology terminology, RequestAccess access) {
		this.terminology = terminology;
		this.access = access;
	}

	@Operation(name = "$lookup", type = CodeSystem.class, idempotent = true)
	public Parameters lookup(@OperationParam(name = "system") @Nullable UriType system,
			@OperationParam(name = "code") @Nullable CodeType code, @OperationParam(name = "coding") @Nullable Coding coding,
			@OperationParam(name = "date") @Nullable DateTimeType date, RequestDetails request) {
		access.of(request);
		String s = system(system == null ? coding == null ? null : coding.getSystem() : system.getValue());
		String c = code == null ? coding == null ? null : coding.getCode() : code.getValue();
		Terminology.Concept found = terminology.lookup(s, c == null ? "" : c, day(date)).orElseThrow(() ->
				new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, c + " is not a code of " + s + " on " + (date == null
						? "today" : date.getValueAsString())));
		Parameters out = new Parameters();
		out.addParameter("name", new StringType(Terminology.name(s)));
		out.addParameter("version", new StringType(found.version()));
		out.addParameter("display", new StringType(found.display()));
		if (found.shortDisplay() != null && !found.shortDisplay().equals(found.display())) {
			ParametersParameterComponent d = out.addParameter().setName("designation");
			d.addPart().setName("use").setValue(new Coding("http://terminology.hl7.org/CodeSystem/designation-usage", "short",
					"Short title"));
			d.addPart().setName("value").setValue(new StringType(found.shortDisplay()));
		}
		property(out, "notSelectable", new BooleanType(!found.selectable()));
		if (found.parent() != null) {
			property(out, "parent", new CodeType(found.parent()));
		}
		found.children().forEach(child -> property(out, "child", new CodeType(child)));
		return out;
	}

	@Operation(name = "$validate-code", type = CodeSystem.class, idempotent = true)
	public Parameters validate(@OperationParam(name = "url") @Nullable UriType url,
			@OperationParam(name = "code") @Nullable CodeType code, @OperationParam(name = "display") @Nullable StringType display,
			@OperationParam(name = "coding") @Nullable Coding coding, @OperationParam(name = "date") @Nullable DateTimeType date,
			@OperationParam(name = "abstract") @Nullable BooleanType headersAllowed, RequestDetails request) {
		access.of(request);
		String s = system(url == null ? coding == null ? null : coding.getSystem() : url.getValue());
		String c = code == null ? coding == null ? null : coding.getCode() : code.getValue();
		String shown = display == null ? coding == null ? null : coding.getDisplay() : display.getValue();
		Terminology.Validation v = terminology.validate(s, c == null ? "" : c, day(date), shown, headersAllowed != null
				&& Boolean.TRUE.equals(headersAllowed.getValue()));
		Parameters out = new Parameters();
		out.addParameter("result", new BooleanType(v.valid()));
		out.addParameter("message", new StringType(v.message()));
		if (v.display() != null) {
			out.addParameter("display", new StringType(v.display()));
		}
		if (v.version() != null) {
			out.addParameter("version", new StringType(v.version()));
		}
		v.suggestions().forEach(x -> out.addParameter("suggestion", new CodeType(x)));
		return out;
	}

	@Operation(name = "$expand", type = ValueSet.class, idempotent = true)
	public ValueSet expand(@OperationParam(name = "url") @Nullable UriType url,
			@OperationParam(name = "filter") @Nullable StringType filter, @OperationParam(name = "date") @Nullable DateTimeType date,
			@OperationParam(name = "offset") @Nullable IntegerType offset, @OperationParam(name = "count") @Nullable IntegerType count,
			@OperationParam(name = "selectable-only") @Nullable BooleanType selectableOnly, RequestDetails request) {
		access.of(request);
		String u = url == null ? null : url.getValue();
		if (u == null || !u.contains("?fhir_vs")) {
			throw new CustodianException.Invalid(ErrorCode.VALUE_SET_NOT_EXPANDABLE, "Expand a code system's implicit value set:"
					+ " url=SYSTEM?fhir_vs, or SYSTEM?fhir_vs=isa/CODE for a code and everything under it");
		}
		String s = system(u.substring(0, u.indexOf("?fhir_vs")));
		String rest = u.substring(u.indexOf("?fhir_vs") + "?fhir_vs".length());
		String isa = rest.startsWith("=isa/") ? rest.substring("=isa/".length()) : null;
		if (!rest.isEmpty() && isa == null) {
			throw new CustodianException.Invalid(ErrorCode.VALUE_SET_NOT_EXPANDABLE, "Only ?fhir_vs and ?fhir_vs=isa/CODE are"
					+ " supported, not " + u);
		}
		int from = offset == null || offset.getValue() == null ? 0 : offset.getValue();
		int n = count == null || count.getValue() == null ? DEFAULT_COUNT : count.getValue();
		Terminology.Expansion e = terminology.expand(s, isa, filter == null ? null : filter.getValue(), day(date),
				selectableOnly != null && Boolean.TRUE.equals(selectableOnly.getValue()), from, n);
		ValueSet vs = new ValueSet();
		vs.setUrl(u);
		vs.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
		ValueSet.ValueSetExpansionComponent expansion = vs.getExpansion();
		expansion.setTimestamp(new java.util.Date());
		expansion.setTotal(e.total());
		expansion.setOffset(from);
		expansion.addParameter().setName("version").setValue(new UriType(s + "|" + e.version()));
		if (filter != null) {
			expansion.addParameter().setName("filter").setValue(new StringType(filter.getValue()));
		}
		for (Terminology.Concept c : e.concepts()) {
			ValueSet.ValueSetExpansionContainsComponent item = expansion.addContains().setSystem(s).setVersion(c.version())
					.setCode(c.code()).setDisplay(c.display());
			if (!c.selectable()) {
				item.setAbstract(true);
			}
		}
		return vs;
	}

	@Operation(name = "$translate", type = ConceptMap.class, idempotent = true)
	public Parameters translate(@OperationParam(name = "system") @Nullable UriType system,
			@OperationParam(name = "code") @Nullable CodeType code, @OperationParam(name = "coding") @Nullable Coding coding,
			@OperationParam(name = "targetsystem") @Nullable UriType target, @OperationParam(name = "date") @Nullable DateTimeType date,
			RequestDetails request) {
		access.of(request);
		String s = system(system == null ? coding == null ? null : coding.getSystem() : system.getValue());
		String c = code == null ? coding == null ? null : coding.getCode() : code.getValue();
		var found = terminology.translate(s, c == null ? "" : c, target == null ? null : target.getValue(), day(date));
		Parameters out = new Parameters();
		boolean any = found.stream().anyMatch(t -> !t.code().isEmpty());
		out.addParameter("result", new BooleanType(any));
		out.addParameter("message", new StringType(found.isEmpty() ? c + " is in no loaded map from " + s : any
				? found.size() + " mappings" : c + " has no equivalent (the map says so)"));
		for (Terminology.Translation t : found) {
			ParametersParameterComponent match = out.addParameter().setName("match");
			match.addPart().setName("equivalence").setValue(new CodeType(t.equivalence()));
			if (!t.code().isEmpty()) {
				match.addPart().setName("concept").setValue(new Coding(t.targetSystem(), t.code(), t.display()));
			}
			if (t.scenario() > 0) {
				ParametersParameterComponent product = match.addPart().setName("product");
				product.addPart().setName("element").setValue(new StringType("scenario " + t.scenario() + ", choice list "
						+ t.choice()));
			}
		}
		return out;
	}

	private static void property(Parameters out, String code, org.hl7.fhir.r4.model.Type value) {
		ParametersParameterComponent p = out.addParameter().setName("property");
		p.addPart().setName("code").setValue(new CodeType(code));
		p.addPart().setName("value").setValue(value);
	}

	private static String system(@Nullable String s) {
		if (s == null || s.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Name the code system (system, url, or"
					+ " the coding's system), for example " + CodeSystems.ICD10CM);
		}
		return s;
	}

	/** The date of service: a day ("2026-03-01", or a date-time on that day); a year or month alone names no release. */
	private static @Nullable LocalDate day(@Nullable DateTimeType date) {
		if (date == null || date.getValue() == null) {
			return null;
		}
		String value = date.getValueAsString();
		if (value.length() < 10) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "date is a day (YYYY-MM-DD), not "
					+ value);
		}
		return LocalDate.parse(value.substring(0, 10));
	}

}
