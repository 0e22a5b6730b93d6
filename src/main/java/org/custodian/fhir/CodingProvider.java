package org.custodian.fhir;

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
 * {@code GET $coding-accuracy} (how the suggestions have fared with the coders).
 */
final class CodingProvider {

	private final EncounterCoding coding;
	private final RequestAccess access;

	CodingProvider(EncounterCoding coding, RequestAccess access) {
		this.coding = coding;
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
}
