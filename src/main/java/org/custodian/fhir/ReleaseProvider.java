package org.custodian.fhir;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.disclosure.Authorization;
import org.custodian.disclosure.Decision;
import org.custodian.disclosure.Disclosures;
import org.custodian.disclosure.Instrument;
import org.custodian.disclosure.Purpose;
import org.custodian.disclosure.ReleasePackages;
import org.custodian.disclosure.ReleaseRequests;
import org.custodian.disclosure.RightOfAccess;
import org.custodian.disclosure.Request;
import org.custodian.disclosure.Requester;
import org.custodian.disclosure.SensitiveCategory;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Requests for records over FHIR, for release-of-information and HIM staff. {@code POST $roi-request}
 * receives one (a Parameters of {@code patient}, {@code requester}, {@code requester-name},
 * {@code purpose}, {@code instrument}, {@code sensitive}*, {@code received}, {@code jurisdiction},
 * {@code records}, {@code format}, {@code delivery}, {@code representative-verified},
 * {@code assurances}, and an {@code authorization} with parts named as the elements of 164.508(c));
 * {@code POST $roi-authorization} ({@code request}, {@code authorization}) adds the authorization a
 * held request waited for; {@code POST $roi-extend} ({@code request}, {@code reason}) takes the one
 * extension; {@code GET $roi-queue} lists the open requests, soonest due first. Each answer carries the
 * request, its deadline and the legal-basis decision with its reasons.
 */
final class ReleaseProvider {

	private final ReleaseRequests requests;
	private final Disclosures disclosures;
	private final ReleasePackages packages;
	private final RightOfAccess rightOfAccess;
	private final RequestAccess access;

	ReleaseProvider(ReleaseRequests requests, Disclosures disclosures, ReleasePackages packages, RightOfAccess rightOfAccess,
			RequestAccess access) {
		this.rightOfAccess = rightOfAccess;
		this.packages = packages;
		this.disclosures = disclosures;
		this.requests = requests;
		this.access = access;
	}

	@Operation(name = "$roi-request", idempotent = false)
	public Parameters receive(@ResourceParam Parameters in, RequestDetails details) {
		String patient = reference(in, "patient");
		Request request = new Request(patient, parse("requester", required(in, "requester"), Requester::of),
				required(in, "requester-name"), parse("purpose", required(in, "purpose"), Purpose::of),
				parse("instrument", text(in, "instrument", "none"), Instrument::of), sensitive(in.getParameter(),
						"sensitive"), date(in, "received", requests.today()), optional(in, "jurisdiction"),
				flag(in.getParameter(), "representative-verified"), flag(in.getParameter(), "assurances"));
		ParametersParameterComponent auth = in.getParameter("authorization");
		List<String> types = in.getParameter().stream().filter(p -> p.getName().equals("record-type") && p.getValue() != null)
				.map(p -> p.getValue().primitiveValue()).toList();
		ReleaseRequests.Received r = requests.receive(access.of(details), new ReleaseRequests.Intake(request,
				optional(in, "requester-address"), optional(in, "records"), optional(in, "format"), optional(in, "delivery"),
				auth == null ? null : authorization(auth.getPart()), types, dateOrNull(in, "period-from"),
				dateOrNull(in, "period-to")));
		return answer(r);
	}

	@Operation(name = "$roi-authorization", idempotent = false)
	public Parameters authorize(@ResourceParam Parameters in, RequestDetails details) {
		ParametersParameterComponent auth = in.getParameter("authorization");
		if (auth == null) {
			throw invalid("Give the authorization, its elements as parts");
		}
		return answer(requests.authorize(access.of(details), number(in), authorization(auth.getPart())));
	}

	/** Denies a patient's access request: {@code request}, {@code ground}, {@code explanation}, {@code determined-by}. */
	@Operation(name = "$roi-deny", idempotent = false)
	public Parameters deny(@ResourceParam Parameters in, RequestDetails details) {
		String letter = requests.deny(access.of(details), number(in), parse("ground", required(in, "ground"),
				org.custodian.disclosure.DenialGround::of), required(in, "explanation"), optional(in, "determined-by"));
		ReleaseRequests.Received r = requests.get(access.of(details), number(in));
		Parameters out = new Parameters();
		out.addParameter("request", new IntegerType((int) r.id()));
		out.addParameter("patient", new Reference("Patient/" + r.request().patient()));
		out.addParameter("letter", new StringType(letter));
		return out;
	}

	/** A released package's delivery: {@code request}, {@code status} (sent, delivered, returned), {@code tracking}. */
	@Operation(name = "$roi-delivery", idempotent = false)
	public Parameters delivery(@ResourceParam Parameters in, RequestDetails details) {
		ReleaseRequests.Received r = requests.track(access.of(details), number(in), required(in, "status"),
				optional(in, "tracking"));
		Parameters out = answer(r);
		out.addParameter("delivery", new CodeType(r.deliveryStatus()));
		return out;
	}

	/** The review of a reviewable denial: {@code request}, {@code reviewer}, {@code upheld}, {@code note}. */
	@Operation(name = "$roi-denial-review", idempotent = false)
	public Parameters reviewDenial(@ResourceParam Parameters in, RequestDetails details) {
		ReleaseRequests.Received r = requests.reviewDenial(access.of(details), number(in), required(in, "reviewer"),
				flag(in.getParameter(), "upheld"), required(in, "note"));
		Parameters out = answer(r);
		out.addParameter("status", new CodeType(r.status()));
		out.addParameter("letter", new StringType(r.denial().review().letter()));
		return out;
	}

	/**
	 * The one extension: {@code request}, {@code reason} and {@code exception}, the information-blocking
	 * exception the delay rests on (infeasibility, manner, health-it-performance, …); answers the notice.
	 */
	@Operation(name = "$roi-extend", idempotent = false)
	public Parameters extend(@ResourceParam Parameters in, RequestDetails details) {
		ReleaseRequests.Received r = requests.extend(access.of(details), number(in), required(in, "reason"),
				parse("exception", required(in, "exception"), org.custodian.disclosure.InformationBlockingException::of));
		Parameters out = answer(r);
		out.addParameter("letter", new StringType(r.extension().letter()));
		return out;
	}

	/** Builds the package ({@code request}, {@code format} pdf, fhir or ccda): enclosed, left out and why, SHA-256. */
	@Operation(name = "$roi-package", idempotent = false)
	public Parameters pack(@ResourceParam Parameters in, RequestDetails details) {
		ReleasePackages.Package p = packages.build(access.of(details), number(in), text(in, "format", "pdf"));
		ReleaseRequests.Received r = requests.get(access.of(details), p.request());
		Parameters out = new Parameters();
		out.addParameter("package", new IntegerType((int) p.id()));
		out.addParameter("patient", new Reference("Patient/" + r.request().patient()));
		out.addParameter("format", new CodeType(p.format()));
		out.addParameter("sha256", new StringType(p.sha256()));
		if (p.pages() != null) {
			out.addParameter("pages", new IntegerType(p.pages()));
		}
		out.addParameter("records", new IntegerType(p.resources()));
		p.excluded().forEach(e -> out.addParameter("excluded", new StringType(e)));
		out.addParameter("fee", new org.hl7.fhir.r4.model.Money().setValue(p.fee()).setCurrency("USD"));
		out.addParameter("invoice", new StringType(p.invoice()));
		return out;
	}

	/** The package as built and kept: {@code GET $roi-package-content?package=N} answers its bytes. */
	@Operation(name = "$roi-package-content", idempotent = true)
	public Binary content(@OperationParam(name = "package", min = 1) IntegerType id, RequestDetails details) {
		ReleasePackages.Content c = packages.content(access.of(details), id.getValue());
		Binary b = new Binary();
		b.setContentType(c.contentType());
		b.setData(c.bytes());
		b.setSecurityContext(new Reference("Patient/" + c.patient())); // the audit record names the patient
		return b;
	}

	/** The patient's own whole record, self-served ({@code format} pdf, fhir or ccda): for a patient's own token. */
	@Operation(name = "$my-record", type = Patient.class, idempotent = true)
	public Binary myRecord(@OperationParam(name = "format") @Nullable StringType format, RequestDetails details) {
		String asked = format == null ? "pdf" : format.getValue();
		ReleasePackages.Content c = rightOfAccess.copy(access.of(details), "fhir".equals(asked) || "ccda".equals(asked) ? asked
				: "pdf");
		Binary b = new Binary();
		b.setContentType(c.contentType());
		b.setData(c.bytes());
		b.setSecurityContext(new Reference("Patient/" + c.patient())); // the audit record names the patient
		return b;
	}

	/** Releases what the request may have: {@code request}, {@code released} (what went), {@code recipient-address}. */
	@Operation(name = "$roi-release", idempotent = false)
	public Parameters release(@ResourceParam Parameters in, RequestDetails details) {
		return answer(requests.release(access.of(details), number(in), required(in, "released"), optional(in,
				"recipient-address")));
	}

	/** The accounting of disclosures of the last six years (164.528), repeated ones summarized. */
	@Operation(name = "$accounting", type = Patient.class, idempotent = true)
	public Parameters accounting(@IdParam IdType patient, RequestDetails details) {
		Parameters out = new Parameters();
		out.addParameter("patient", new Reference("Patient/" + patient.getIdPart()));
		for (Disclosures.Entry e : disclosures.accounting(access.of(details), patient.getIdPart())) {
			ParametersParameterComponent p = out.addParameter().setName("disclosure");
			p.addPart().setName("date").setValue(new DateTimeType(java.util.Date.from(e.first())));
			if (e.times() > 1) {
				p.addPart().setName("times").setValue(new IntegerType(e.times()));
				p.addPart().setName("last").setValue(new DateTimeType(java.util.Date.from(e.last())));
			}
			p.addPart().setName("recipient").setValue(new StringType(e.recipient()));
			if (e.address() != null) {
				p.addPart().setName("address").setValue(new StringType(e.address()));
			}
			p.addPart().setName("description").setValue(new StringType(e.description()));
			p.addPart().setName("purpose").setValue(new StringType(e.purpose()));
		}
		return out;
	}

	/** An agency's written statement suspending accountings of its disclosures: {@code agency}, {@code statement}, {@code until}. */
	@Operation(name = "$accounting-suspension", idempotent = false)
	public Parameters suspend(@ResourceParam Parameters in, RequestDetails details) {
		LocalDate until = dateOrNull(in, "until");
		if (until == null) {
			throw invalid("'until' is required: the date the agency's statement gives");
		}
		disclosures.suspend(access.of(details), required(in, "agency"), required(in, "statement"), until);
		Parameters out = new Parameters();
		out.addParameter("until", new DateType(until.toString()));
		return out;
	}

	@Operation(name = "$roi-queue", idempotent = true)
	public Parameters queue(@OperationParam(name = "count") @Nullable IntegerType count, RequestDetails details) {
		Parameters out = new Parameters();
		LocalDate today = requests.today();
		for (ReleaseRequests.Received r : requests.queue(access.of(details), count == null ? 100 : Math.min(500,
				count.getValue()))) {
			ParametersParameterComponent p = out.addParameter().setName("request");
			p.addPart().setName("request").setValue(new IntegerType((int) r.id()));
			p.addPart().setName("patient").setValue(new Reference("Patient/" + r.request().patient()));
			p.addPart().setName("requester").setValue(new StringType(r.request().requester().code() + ": "
					+ r.request().requesterName()));
			p.addPart().setName("due").setValue(new DateType(r.due().toString()));
			p.addPart().setName("days-left").setValue(new IntegerType((int) r.daysLeft(today)));
			p.addPart().setName("overdue").setValue(new BooleanType(r.daysLeft(today) < 0));
			p.addPart().setName("outcome").setValue(new CodeType(r.decision().outcome().code()));
		}
		return out;
	}

	private static Parameters answer(ReleaseRequests.Received r) {
		Parameters out = new Parameters();
		out.addParameter("request", new IntegerType((int) r.id()));
		out.addParameter("patient", new Reference("Patient/" + r.request().patient()));
		out.addParameter("kind", new CodeType(r.kind().code()));
		out.addParameter("due", new DateType(r.due().toString()));
		out.addParameter("extended", new BooleanType(r.extended()));
		Decision d = r.decision();
		out.addParameter("outcome", new CodeType(d.outcome().code()));
		for (Decision.Reason reason : d.reasons()) {
			ParametersParameterComponent p = out.addParameter().setName("reason");
			p.addPart().setName("code").setValue(new CodeType(reason.code()));
			p.addPart().setName("text").setValue(new StringType(reason.text()));
		}
		d.released().forEach(c -> out.addParameter("released", new CodeType(c.code())));
		for (Map.Entry<SensitiveCategory, String> w : d.withheld().entrySet()) {
			ParametersParameterComponent p = out.addParameter().setName("withheld");
			p.addPart().setName("category").setValue(new CodeType(w.getKey().code()));
			p.addPart().setName("why").setValue(new StringType(w.getValue()));
		}
		d.conditions().forEach(c -> out.addParameter("condition", new StringType(c)));
		return out;
	}

	private static Authorization authorization(List<ParametersParameterComponent> parts) {
		Parameters p = new Parameters();
		p.setParameter(parts);
		return new Authorization(optional(p, "description"), optional(p, "discloser"), optional(p, "recipient"),
				optional(p, "purpose"), dateOrNull(p, "expires"), optional(p, "expiry-event"), dateOrNull(p, "signed"),
				flag(parts, "representative"), optional(p, "authority"), flag(parts, "statement-revocation"),
				flag(parts, "statement-conditioning"), flag(parts, "statement-redisclosure"), sensitive(parts, "covers"),
				flag(parts, "part2-consent"), dateOrNull(p, "revoked"), flag(parts, "known-false"), referenceOrNull(p, "document"));
	}

	private static long number(Parameters in) {
		Type v = in.getParameterValue("request");
		if (!(v instanceof IntegerType i) || i.getValue() == null) {
			throw invalid("Name the request ('request', its number)");
		}
		return i.getValue();
	}

	private static Set<SensitiveCategory> sensitive(List<ParametersParameterComponent> params, String name) {
		Set<SensitiveCategory> out = EnumSet.noneOf(SensitiveCategory.class);
		for (ParametersParameterComponent p : params) {
			if (p.getName().equals(name) && p.getValue() != null) {
				out.add(parse(name, p.getValue().primitiveValue(), SensitiveCategory::of));
			}
		}
		return out;
	}

	private static boolean flag(List<ParametersParameterComponent> params, String name) {
		return params.stream().anyMatch(p -> p.getName().equals(name) && p.getValue() instanceof BooleanType b
				&& Boolean.TRUE.equals(b.getValue()));
	}

	private static String reference(Parameters in, String name) {
		String ref = referenceOrNull(in, name);
		if (ref == null || !ref.startsWith("Patient/")) {
			throw invalid("Name the patient ('" + name + "', a Patient reference)");
		}
		return ref.substring("Patient/".length());
	}

	private static @Nullable String referenceOrNull(Parameters in, String name) {
		return in.getParameterValue(name) instanceof Reference r ? r.getReference() : null;
	}

	private static String required(Parameters in, String name) {
		String v = optional(in, name);
		if (v == null || v.isBlank()) {
			throw invalid("'" + name + "' is required");
		}
		return v;
	}

	private static String text(Parameters in, String name, String otherwise) {
		String v = optional(in, name);
		return v == null || v.isBlank() ? otherwise : v;
	}

	private static @Nullable String optional(Parameters in, String name) {
		Type v = in.getParameterValue(name);
		return v == null ? null : v.primitiveValue();
	}

	private static LocalDate date(Parameters in, String name, LocalDate otherwise) {
		LocalDate d = dateOrNull(in, name);
		return d == null ? otherwise : d;
	}

	private static @Nullable LocalDate dateOrNull(Parameters in, String name) {
		String v = optional(in, name);
		return v == null ? null : parse(name, v, LocalDate::parse);
	}

	private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) {
		try {
			return parser.apply(value);
		} catch (RuntimeException e) {
			throw invalid("'" + name + "' cannot be " + value);
		}
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, message);
	}
}
