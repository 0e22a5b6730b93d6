package org.custodian.web.workspace;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.chart.PatientNames;
import org.custodian.disclosure.Authorization;
import org.custodian.disclosure.DenialGround;
import org.custodian.disclosure.Disclosures;
import org.custodian.disclosure.InformationBlockingException;
import org.custodian.disclosure.Instrument;
import org.custodian.disclosure.Purpose;
import org.custodian.disclosure.ReleasePackages;
import org.custodian.disclosure.ReleaseRequests;
import org.custodian.disclosure.Request;
import org.custodian.disclosure.Requester;
import org.custodian.disclosure.SensitiveCategory;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Release of information, for its specialists and HIM: the aging queue of requests (overdue first),
 * intake, a request with its deadline and its legal-basis decision (reasons, what is withheld and
 * why, the conditions), the authorization a held request waits for, the one extension, the release,
 * and a patient's accounting of disclosures. Every look and decision is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class ReleaseController {

	private static final int QUEUE = 100;

	private final WorkspaceAccess access;
	private final ReleaseRequests requests;
	private final Disclosures disclosures;
	private final PatientNames names;
	private final ScreenAudit audit;
	private final ReleasePackages packages;

	ReleaseController(WorkspaceAccess access, ReleaseRequests requests, Disclosures disclosures, PatientNames names,
			ScreenAudit audit, ReleasePackages packages) {
		this.packages = packages;
		this.access = access;
		this.requests = requests;
		this.disclosures = disclosures;
		this.names = names;
		this.audit = audit;
	}

	@GetMapping("/release")
	String queue(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<ReleaseRequests.Received> open = requests.queue(context, QUEUE);
		List<String> patients = new java.util.ArrayList<>(open.stream().map(r -> "Patient/" + r.request().patient()).toList());
		List<ReleaseRequests.Received> denied = requests.reviewable(context, QUEUE);
		denied.forEach(r -> patients.add("Patient/" + r.request().patient()));
		audit.record(context, 'R', "roi-queue", patients, null, null);
		model.addAttribute("open", open);
		model.addAttribute("denied", denied);
		model.addAttribute("suspensions", disclosures.suspensions(context));
		model.addAttribute("today", requests.today());
		model.addAttribute("names", names.of(context, patients.stream().distinct().toList()));
		model.addAttribute("section", "release");
		return "workspace/release";
	}

	@PostMapping("/release/suspensions")
	String suspend(@RequestParam(defaultValue = "") String agency, @RequestParam(defaultValue = "") String statement,
			@RequestParam(defaultValue = "") String until, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		LocalDate end = parse("until", until, LocalDate::parse);
		disclosures.suspend(context, agency, statement, end);
		audit.record(context, 'C', "accounting-suspension", List.of(), null, agency + " until " + end);
		redirect.addFlashAttribute("done", "Accountings leave out disclosures to " + agency + " until " + end + ".");
		return "redirect:/release";
	}

	@GetMapping("/release/new")
	String form(@RequestParam(defaultValue = "") String patient, Model model) {
		model.addAttribute("patient", patient);
		choices(model);
		model.addAttribute("section", "release");
		return "workspace/release-new";
	}

	@PostMapping("/release")
	String receive(@RequestParam MultiValueMap<String, String> form,
			@RequestParam(required = false) org.springframework.web.multipart.MultipartFile authScan, Authentication signedIn,
			HttpServletRequest request) throws java.io.IOException {
		AccessContext context = access.of(signedIn, request);
		Request r = new Request(required(form, "patient"), parse("requester", required(form, "requester"), Requester::of),
				required(form, "requesterName"), parse("purpose", required(form, "purpose"), Purpose::of),
				parse("instrument", text(form, "instrument", "none"), Instrument::of), categories(form, "sensitive"),
				date(form, "received", requests.today()), blankToNull(form.getFirst("jurisdiction")),
				form.containsKey("representativeVerified"), form.containsKey("assurances"));
		Authorization a = form.containsKey("authorizationGiven") ? authorization(form) : null;
		List<String> types = form.getOrDefault("recordType", List.of());
		ReleaseRequests.Received received = requests.receive(context, new ReleaseRequests.Intake(r,
				blankToNull(form.getFirst("requesterAddress")), blankToNull(form.getFirst("records")),
				blankToNull(form.getFirst("format")), blankToNull(form.getFirst("delivery")), a, types,
				dateOrNull(form, "periodFrom"), dateOrNull(form, "periodTo")), a == null ? null : scan(authScan));
		audit.record(context, 'C', "roi-intake", List.of("Patient/" + r.patient()), null, "request " + received.id());
		return "redirect:/release/" + received.id();
	}

	@GetMapping("/release/{id}")
	String show(@PathVariable long id, Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		ReleaseRequests.Received r = requests.get(context, id);
		audit.record(context, 'R', "roi-request", List.of("Patient/" + r.request().patient()), null, "request " + id);
		model.addAttribute("r", r);
		model.addAttribute("pkg", r.packageId() == null ? null : packages.get(context, r.packageId()));
		model.addAttribute("today", requests.today());
		model.addAttribute("names", names.of(context, List.of("Patient/" + r.request().patient())));
		choices(model);
		model.addAttribute("section", "release");
		return "workspace/release-request";
	}

	@PostMapping("/release/{id}/authorization")
	String authorize(@PathVariable long id, @RequestParam MultiValueMap<String, String> form,
			@RequestParam(required = false) org.springframework.web.multipart.MultipartFile authScan, Authentication signedIn,
			HttpServletRequest request, RedirectAttributes redirect) throws java.io.IOException {
		AccessContext context = access.of(signedIn, request);
		ReleaseRequests.Received r = requests.authorize(context, id, authorization(form), scan(authScan));
		audit.record(context, 'U', "roi-authorization", List.of("Patient/" + r.request().patient()), null, "request " + id);
		redirect.addFlashAttribute("done", "The authorization is recorded; the decision is now: " + r.decision().outcome().code()
				+ ".");
		return "redirect:/release/" + id;
	}

	@PostMapping("/release/{id}/extension")
	String extend(@PathVariable long id, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "") String exception, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		ReleaseRequests.Received r = requests.extend(context, id, reason, parse("exception", exception,
				InformationBlockingException::of));
		audit.record(context, 'U', "roi-extension", List.of("Patient/" + r.request().patient()), null, reason);
		redirect.addFlashAttribute("done", "Extended to " + r.due() + ". Send the requester the notice below now.");
		return "redirect:/release/" + id;
	}

	@PostMapping("/release/{id}/denial-review")
	String review(@PathVariable long id, @RequestParam(defaultValue = "") String reviewer,
			@RequestParam(defaultValue = "") String determination, @RequestParam(defaultValue = "") String note,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		if (!determination.equals("upheld") && !determination.equals("overturned")) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "Say whether the reviewer upheld the denial or"
					+ " overturned it");
		}
		ReleaseRequests.Received r = requests.reviewDenial(context, id, reviewer, determination.equals("upheld"), note);
		audit.record(context, 'U', "roi-denial-review", List.of("Patient/" + r.request().patient()), null, determination);
		redirect.addFlashAttribute("done", determination.equals("upheld")
				? "The denial stands. Send the patient the letter below."
				: "The denial is overturned: the request is open again, to be released. Send the patient the letter below.");
		return "redirect:/release/" + id;
	}

	@PostMapping("/release/{id}/package")
	String pack(@PathVariable long id, @RequestParam(defaultValue = "pdf") String format, Authentication signedIn,
			HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		ReleasePackages.Package p = packages.build(context, id, format);
		ReleaseRequests.Received r = requests.get(context, id);
		audit.record(context, 'E', "roi-package", List.of("Patient/" + r.request().patient()), null, "request " + id
				+ ": package " + p.id() + ", " + p.resources() + " records, " + p.excluded().size() + " left out");
		redirect.addFlashAttribute("done", "The package is ready: " + p.resources() + " records, " + p.excluded().size()
				+ " left out. Check it before releasing.");
		return "redirect:/release/" + id;
	}

	/** The package as built and kept, as a download; recorded like any look at the record. */
	@GetMapping("/release/packages/{id}")
	org.springframework.http.ResponseEntity<byte[]> download(@PathVariable long id, Authentication signedIn,
			HttpServletRequest request) {
		AccessContext context = access.of(signedIn, request);
		ReleasePackages.Package p = packages.get(context, id);
		ReleasePackages.Content c = packages.content(context, id);
		ReleaseRequests.Received r = requests.get(context, p.request());
		audit.record(context, 'R', "roi-package-download", List.of("Patient/" + r.request().patient()), null, "package " + id);
		return org.springframework.http.ResponseEntity.ok()
				.header("Content-Type", c.contentType())
				.header("Content-Disposition", "attachment; filename=\"request-" + p.request() + "-package-" + id
						+ ReleasePackages.Content.extension(p.format()) + "\"")
				.body(c.bytes());
	}

	@PostMapping("/release/{id}/release")
	String release(@PathVariable long id, @RequestParam(defaultValue = "") String released,
			@RequestParam(defaultValue = "") String recipientAddress, @RequestParam(defaultValue = "false") boolean confirmed,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		if (!confirmed) {
			redirect.addFlashAttribute("done", "Nothing was released: confirm that the package meets the conditions.");
			return "redirect:/release/" + id;
		}
		ReleaseRequests.Received r = requests.release(context, id, released, blankToNull(recipientAddress));
		redirect.addFlashAttribute("done", "Released to " + r.request().requesterName() + " and recorded as a disclosure.");
		return "redirect:/release/" + id;
	}

	@PostMapping("/release/{id}/denial")
	String deny(@PathVariable long id, @RequestParam String ground, @RequestParam(defaultValue = "") String explanation,
			@RequestParam(defaultValue = "") String determinedBy, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		requests.deny(context, id, parse("ground", ground, DenialGround::of), explanation, blankToNull(determinedBy));
		ReleaseRequests.Received r = requests.get(context, id);
		audit.record(context, 'U', "roi-denial", List.of("Patient/" + r.request().patient()), null, ground);
		redirect.addFlashAttribute("done", "Denied in writing; send the letter below to the patient.");
		return "redirect:/release/" + id;
	}

	@PostMapping("/release/{id}/delivery")
	String delivery(@PathVariable long id, @RequestParam String status, @RequestParam(defaultValue = "") String tracking,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		ReleaseRequests.Received r = requests.track(context, id, status, blankToNull(tracking));
		audit.record(context, 'U', "roi-delivery", List.of("Patient/" + r.request().patient()), null, status);
		redirect.addFlashAttribute("done", "Delivery: " + status + ".");
		return "redirect:/release/" + id;
	}

	@GetMapping("/release/accounting/{patient}")
	String accounting(@PathVariable String patient, Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<Disclosures.Entry> lines = disclosures.accounting(context, patient);
		audit.record(context, 'R', "accounting-of-disclosures", List.of("Patient/" + patient), null, null);
		model.addAttribute("lines", lines);
		model.addAttribute("patient", patient);
		model.addAttribute("names", names.of(context, List.of("Patient/" + patient)));
		model.addAttribute("section", "release");
		return "workspace/release-accounting";
	}

	private static void choices(Model model) {
		model.addAttribute("requesters", Requester.values());
		model.addAttribute("purposes", Purpose.values());
		model.addAttribute("instruments", Instrument.values());
		model.addAttribute("categories", SensitiveCategory.values());
		model.addAttribute("grounds", DenialGround.values());
		model.addAttribute("exceptions", InformationBlockingException.values());
		model.addAttribute("recordTypes", List.of("Condition", "Observation", "DiagnosticReport", "DocumentReference", "Encounter",
				"MedicationRequest", "AllergyIntolerance", "Procedure", "Immunization"));
	}

	/** The signed form's scan as uploaded, or null when none was attached. */
	private static ReleaseRequests.@Nullable Scan scan(org.springframework.web.multipart.@Nullable MultipartFile file)
			throws java.io.IOException {
		if (file == null || file.isEmpty()) {
			return null;
		}
		return new ReleaseRequests.Scan(file.getBytes(), file.getContentType() == null ? "application/octet-stream"
				: file.getContentType(), file.getOriginalFilename() == null ? "authorization" : file.getOriginalFilename());
	}

	private static Authorization authorization(MultiValueMap<String, String> f) {
		return new Authorization(blankToNull(f.getFirst("authDescription")), blankToNull(f.getFirst("authDiscloser")),
				blankToNull(f.getFirst("authRecipient")), blankToNull(f.getFirst("authPurpose")), dateOrNull(f, "authExpires"),
				blankToNull(f.getFirst("authExpiryEvent")), dateOrNull(f, "authSigned"), f.containsKey("authRepresentative"),
				blankToNull(f.getFirst("authAuthority")), f.containsKey("authRevocation"), f.containsKey("authConditioning"),
				f.containsKey("authRedisclosure"), categories(f, "authCovers"), f.containsKey("authPart2"),
				dateOrNull(f, "authRevoked"), f.containsKey("authKnownFalse"), null);
	}

	private static Set<SensitiveCategory> categories(MultiValueMap<String, String> f, String name) {
		Set<SensitiveCategory> out = EnumSet.noneOf(SensitiveCategory.class);
		List<String> values = f.get(name);
		if (values != null) {
			values.forEach(v -> out.add(parse(name, v, SensitiveCategory::of)));
		}
		return out;
	}

	private static String required(MultiValueMap<String, String> f, String name) {
		String v = f.getFirst(name);
		if (v == null || v.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "Fill in " + name.replaceAll("([A-Z])", " $1")
					.toLowerCase(java.util.Locale.ROOT));
		}
		return v.trim();
	}

	private static String text(MultiValueMap<String, String> f, String name, String otherwise) {
		String v = f.getFirst(name);
		return v == null || v.isBlank() ? otherwise : v;
	}

	private static LocalDate date(MultiValueMap<String, String> f, String name, LocalDate otherwise) {
		LocalDate d = dateOrNull(f, name);
		return d == null ? otherwise : d;
	}

	private static @Nullable LocalDate dateOrNull(MultiValueMap<String, String> f, String name) {
		String v = blankToNull(f.getFirst(name));
		return v == null ? null : parse(name, v, LocalDate::parse);
	}

	private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) {
		try {
			return parser.apply(value);
		} catch (DateTimeParseException | IllegalArgumentException e) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, name + " cannot be " + value);
		}
	}

	private static @Nullable String blankToNull(@Nullable String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}
}
