package org.custodian.fhir;

import java.time.LocalDate;

import org.custodian.coding.CaseMix;
import org.custodian.coding.CodeSystems;
import org.custodian.coding.CodeSuggestions;
import org.custodian.coding.EncounterCoding;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Computer-assisted coding over FHIR, for coders and HIM staff:
 * {@code GET Encounter/{id}/$suggest-codes} (ICD-10-CM codes suggested from the encounter's notes
 * and problem-list entries, ranked, each with its evidence: the document, where in its text, the
 * words, and whether it is current, negated, uncertain, past or a relative's),
 * {@code POST Encounter/{id}/$coding-decision} ({@code code}, {@code decision} accepted, rejected,
 * edited or added, {@code final-code} for an edit, {@code rank}, {@code reason}), and
 * {@code GET $coding-accuracy} (how the suggestions have fared with the coders), and
 * {@code GET $case-mix?from=&to=} (the encounters finally coded with a date of service in the period,
 * by class, the inpatient stays' severity by MCC and CC month by month, and the principal diagnoses and
 * their chapters; the last twelve months by default).
 */
final class CodingProvider {

	/** Most principal diagnoses a case-mix answer lists. */
	private static final int TOP_PRINCIPALS = 25;

	private final EncounterCoding coding;
	private final CaseMix caseMix;
	private final RequestAccess access;

	CodingProvider(EncounterCoding coding, CaseMix caseMix, RequestAccess access) {
		this.coding = coding;
		this.caseMix = caseMix;
		this.access = access;
	}

	@Operation(name = "$suggest-codes", type = Encounter.class, idempotent = true)
	public Parameters suggest(@IdParam IdType id, RequestDetails request) {
		EncounterCoding.Suggested s = coding.suggest(access.of(request), id.getIdPart());
		Parameters out = new Parameters();
		out.addParameter("encounter", new Reference(s.encounter()));
		out.addParameter("patient", new Reference(s.patient()));
		out.addParameter("date-of-service", new DateType(s.dateOfService().toString()));
		out.addParameter("version", new StringType(s.version()));
		for (EncounterCoding.Ranked r : s.suggestions()) {
			ParametersParameterComponent p = out.addParameter().setName("suggestion");
			p.addPart().setName("rank").setValue(new IntegerType(r.rank()));
			p.addPart().setName("code").setValue(new Coding(CodeSystems.ICD10CM, r.code(), r.suggestion().display()));
			p.addPart().setName("status").setValue(new CodeType(r.suggestion().statusCode()));
			p.addPart().setName("score").setValue(new DecimalType(Math.round(r.suggestion().score() * 100) / 100.0));
			for (CodeSuggestions.Evidence e : r.suggestion().evidence()) {
				ParametersParameterComponent ev = p.addPart().setName("evidence");
				ev.addPart().setName("source").setValue(new Reference(r.source()));
				ev.addPart().setName("text").setValue(new StringType(e.text()));
				ev.addPart().setName("start").setValue(new IntegerType(e.start()));
				ev.addPart().setName("end").setValue(new IntegerType(e.end()));
				if (!e.section().isBlank()) {
					ev.addPart().setName("section").setValue(new StringType(e.section()));
				}
			}
		}
		return out;
	}

	@Operation(name = "$coding-decision", type = Encounter.class, idempotent = false)
	public Parameters decide(@IdParam IdType id, @OperationParam(name = "code", min = 1) CodeType code,
			@OperationParam(name = "decision", min = 1) CodeType decision,
			@OperationParam(name = "final-code") @Nullable CodeType finalCode,
			@OperationParam(name = "rank") @Nullable IntegerType rank, @OperationParam(name = "reason") @Nullable StringType reason,
			RequestDetails request) {
		if (code == null || decision == null) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Give the code and the decision");
		}
		coding.decide(access.of(request), id.getIdPart(), new EncounterCoding.Decision(code.getValue(), decision.getValue(),
				finalCode == null ? null : finalCode.getValue(), rank == null ? null : rank.getValue(), reason == null ? null
						: reason.getValue()));
		Parameters out = new Parameters();
		out.addParameter("recorded", new CodeType(decision.getValue()));
		return out;
	}

	/** Signs the encounter's final coding from the decisions kept: the codes, the release, who and when. */
	@Operation(name = "$coding-sign", type = Encounter.class, idempotent = false)
	public Parameters sign(@IdParam IdType id, RequestDetails request) {
		EncounterCoding.Signed s = coding.sign(access.of(request), id.getIdPart());
		Parameters out = new Parameters();
		s.codes().forEach(c -> out.addParameter("code", new Coding(CodeSystems.ICD10CM, c, null)));
		out.addParameter("version", new StringType(s.version()));
		out.addParameter("coder", new StringType(s.coder()));
		return out;
	}

	@Operation(name = "$coding-accuracy", idempotent = true)
	public Parameters accuracy(RequestDetails request) {
		EncounterCoding.Accuracy a = coding.accuracy(access.of(request));
		Parameters out = new Parameters();
		out.addParameter("decisions", new IntegerType(a.decisions()));
		out.addParameter("accepted", new IntegerType(a.accepted()));
		out.addParameter("rejected", new IntegerType(a.rejected()));
		out.addParameter("edited", new IntegerType(a.edited()));
		out.addParameter("added", new IntegerType(a.added()));
		out.addParameter("accepted-first", new IntegerType(a.acceptedFirst()));
		out.addParameter("acceptance", new DecimalType(Math.round(a.acceptance() * 1000) / 1000.0));
		return out;
	}

	@Operation(name = "$case-mix", idempotent = true)
	public Parameters caseMix(@OperationParam(name = "from") @Nullable DateType from, @OperationParam(name = "to")
			@Nullable DateType to, RequestDetails request) {
		LocalDate last = to == null ? LocalDate.now() : day("to", to);
		LocalDate first = from == null ? last.minusYears(1).plusDays(1) : day("from", from);
		if (first.isAfter(last)) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "from (" + first + ") is after to ("
					+ last + ")");
		}
		CaseMix.Report r = caseMix.report(access.of(request), first, last, TOP_PRINCIPALS);
		Parameters out = new Parameters();
		out.addParameter("from", new DateType(r.from().toString()));
		out.addParameter("to", new DateType(r.to().toString()));
		out.addParameter("encounters", new IntegerType(r.encounters()));
		out.addParameter("severity-lists", new StringType(r.severityLists()));
		for (CaseMix.Mix m : r.byClass()) {
			out.addParameter(mix("class", m));
		}
		out.addParameter(mix("inpatient", r.inpatient()));
		for (CaseMix.Mix m : r.inpatientByMonth()) {
			out.addParameter(mix("month", m));
		}
		for (CaseMix.Principal p : r.chapters()) {
			out.addParameter(principal("chapter", new StringType(p.code()), p));
		}
		for (CaseMix.Principal p : r.topPrincipals()) {
			out.addParameter(principal("principal", new Coding(CodeSystems.ICD10CM, p.code(), p.title()), p));
		}
		return out;
	}

	private static ParametersParameterComponent mix(String name, CaseMix.Mix m) {
		ParametersParameterComponent p = new ParametersParameterComponent().setName(name);
		p.addPart().setName("label").setValue(new StringType(m.label()));
		p.addPart().setName("encounters").setValue(new IntegerType(m.encounters()));
		p.addPart().setName("mcc").setValue(new IntegerType(m.mcc()));
		p.addPart().setName("cc").setValue(new IntegerType(m.cc()));
		p.addPart().setName("neither").setValue(new IntegerType(m.neither()));
		p.addPart().setName("capture-rate").setValue(new DecimalType(Math.round(m.captureRate() * 1000) / 1000.0));
		return p;
	}

	private static ParametersParameterComponent principal(String name, org.hl7.fhir.r4.model.Type code, CaseMix.Principal p) {
		ParametersParameterComponent out = new ParametersParameterComponent().setName(name);
		out.addPart().setName("code").setValue(code);
		out.addPart().setName("title").setValue(new StringType(p.title()));
		out.addPart().setName("encounters").setValue(new IntegerType(p.encounters()));
		return out;
	}

	private static LocalDate day(String name, DateType date) {
		if (date.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, name + " is a day (YYYY-MM-DD), not "
					+ date.getValueAsString());
		}
		return LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
	}
}
