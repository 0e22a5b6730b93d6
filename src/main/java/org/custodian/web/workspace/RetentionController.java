package org.custodian.web.workspace;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.custodian.access.AccessContext;
import org.custodian.access.Role;
import org.custodian.chart.PatientNames;
import org.custodian.retention.LegalHolds;
import org.custodian.retention.RetentionReview;
import org.custodian.retention.RetentionSchedules;
import org.custodian.retention.Schedule;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The retention programme's rules, for HIM: the schedules in force (and those retired, read-only),
 * one added (checked by {@link RetentionSchedules}, its refusal shown with the form as it was typed)
 * or retired after a confirmation; and the legal holds, for HIM and the privacy officer: those in
 * force and released, one placed or released with its reason. Every look and change is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class RetentionController {

	/** A schedule as typed into the form, shown again when the service refuses it. */
	record ScheduleForm(String name, String recordClass, String jurisdiction, String documentType, String trigger, String period,
			String unit, String majorityAge, String citation) {}

	/** A hold as typed into the form, shown again when the service refuses it. */
	record HoldForm(String matter, String scope, String references, String reason) {}

	private final WorkspaceAccess access;
	private final RetentionSchedules schedules;
	private final RetentionReview review;
	private final LegalHolds holds;
	private final PatientNames names;
	private final ScreenAudit audit;

	RetentionController(WorkspaceAccess access, RetentionSchedules schedules, RetentionReview review, LegalHolds holds,
			PatientNames names, ScreenAudit audit) {
		this.access = access;
		this.schedules = schedules;
		this.review = review;
		this.holds = holds;
		this.names = names;
		this.audit = audit;
	}

	@GetMapping("/retention/schedules")
	String schedules(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		ScheduleForm blank = new ScheduleForm("", "ADULT", review.jurisdiction(), "", "LAST_ENCOUNTER", "", "years", "", "");
		return schedulesPage(context, blank, null, model);
	}

	private String schedulesPage(AccessContext context, ScheduleForm form, @Nullable String error, Model model) {
		List<RetentionSchedules.Entry> entries = schedules.entries();
		List<RetentionSchedules.Entry> inForce = entries.stream().filter(e -> e.retiredAt() == null).toList();
		audit.record(context, 'R', "retention-schedules", List.of(), null, inForce.size() + " schedules in force shown");
		model.addAttribute("inForce", inForce);
		model.addAttribute("retired", entries.stream().filter(e -> e.retiredAt() != null).toList());
		model.addAttribute("jurisdiction", review.jurisdiction());
		model.addAttribute("classes", Schedule.RecordClass.values());
		model.addAttribute("triggers", Schedule.Trigger.values());
		return form(model, form, error, "schedules");
	}

	@PostMapping("/retention/schedules")
	String add(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String recordClass,
			@RequestParam(defaultValue = "") String jurisdiction, @RequestParam(defaultValue = "") String documentType,
			@RequestParam(defaultValue = "") String trigger, @RequestParam(defaultValue = "") String period,
			@RequestParam(defaultValue = "years") String unit, @RequestParam(defaultValue = "") String majorityAge,
			@RequestParam(defaultValue = "") String citation, Authentication signedIn, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		ScheduleForm form = new ScheduleForm(name, recordClass, jurisdiction, documentType, trigger, period, unit, majorityAge,
				citation);
		try {
			Integer amount = number(period, "The period is a whole number of years or months; leave it empty to keep permanently");
			// Years as months, kept within an int (the service refuses what is out of range, in words).
			Integer months = amount == null ? null : "months".equals(unit) ? amount
					: (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, amount * 12L));
			Schedule added = schedules.add(context, name, choice(Schedule.RecordClass.class, recordClass, "a record class"),
					jurisdiction, documentType, choice(Schedule.Trigger.class, trigger, "what the period runs from"), months,
					number(majorityAge, "The age of majority is a whole number of years"), citation);
			audit.record(context, 'C', "retention-schedule-add", List.of(), null, "schedule " + added.id());
			redirect.addFlashAttribute("done", "Schedule added: " + added.name() + ". Every chart's date is worked out again"
					+ " under the schedules now in force.");
			return "redirect:/retention/schedules";
		} catch (CustodianException e) {
			return schedulesPage(context, form, e.getMessage(), model);
		}
	}

	@PostMapping("/retention/schedules/{id}/retire")
	String retire(@PathVariable int id, @RequestParam(defaultValue = "false") boolean confirmed, Authentication signedIn,
			HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		if (!confirmed) {
			redirect.addFlashAttribute("error", "Tick the box beside Retire to confirm that the schedule is retired.");
			return "redirect:/retention/schedules";
		}
		schedules.retire(context, id);
		audit.record(context, 'U', "retention-schedule-retire", List.of(), null, "schedule " + id);
		redirect.addFlashAttribute("done", "Schedule " + id + " retired; it stays listed below, as certificates may name it.");
		return "redirect:/retention/schedules";
	}

	@GetMapping("/retention/holds")
	String holds(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		return holdsPage(signedIn, context, new HoldForm("", "PATIENT", "", ""), null, model);
	}

	private String holdsPage(Authentication signedIn, AccessContext context, HoldForm form, @Nullable String error,
			Model model) {
		List<LegalHolds.Hold> all = holds.all(context);
		List<String> patients = all.stream().flatMap(h -> h.patients().stream()).distinct().map(p -> "Patient/" + p).toList();
		audit.record(context, 'R', "legal-holds", patients, null, all.stream().filter(LegalHolds.Hold::active).count()
				+ " holds in force shown");
		model.addAttribute("active", all.stream().filter(LegalHolds.Hold::active).toList());
		model.addAttribute("released", all.stream().filter(h -> !h.active()).toList());
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("scopes", LegalHolds.Scope.values());
		model.addAttribute("recordsManager", access.account(signedIn).roles().contains(Role.HIM));
		return form(model, form, error, "holds");
	}

	@PostMapping("/retention/holds")
	String place(@RequestParam(defaultValue = "") String matter, @RequestParam(defaultValue = "") String scope,
			@RequestParam(defaultValue = "") String references, @RequestParam(defaultValue = "") String reason,
			Authentication signedIn, HttpServletRequest request, Model model, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		try {
			LegalHolds.Hold hold = holds.place(context, matter, choice(LegalHolds.Scope.class, scope, "a scope"),
					Arrays.stream(references.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList(), reason);
			audit.record(context, 'C', "legal-hold-place", charts(hold), null,
					"hold " + hold.id() + ": " + hold.matter());
			redirect.addFlashAttribute("done", "Hold " + hold.id() + " placed for " + hold.matter() + ": "
					+ hold.patients().size() + (hold.patients().size() == 1 ? " chart is" : " charts are")
					+ " kept from destruction until it is released.");
			return "redirect:/retention/holds";
		} catch (CustodianException e) {
			return holdsPage(signedIn, context, new HoldForm(matter, scope, references, reason), e.getMessage(), model);
		}
	}

	@PostMapping("/retention/holds/{id}/release")
	String release(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Authentication signedIn,
			HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		try {
			LegalHolds.Hold hold = holds.release(context, id, reason);
			audit.record(context, 'U', "legal-hold-release", charts(hold), null,
					"hold " + id + ": " + reason.strip());
			redirect.addFlashAttribute("done", "Hold " + id + " (" + hold.matter() + ") released.");
		} catch (CustodianException.Invalid e) {
			redirect.addFlashAttribute("error", e.getMessage());
		}
		return "redirect:/retention/holds";
	}

	/** A retention page with its form as typed, and the service's refusal of it, if any; {@code tab} names the page. */
	private static String form(Model model, Object form, @Nullable String error, String tab) {
		model.addAttribute("form", form);
		if (error != null) {
			model.addAttribute("error", error); // else any error flashed by a redirect
		}
		return tab(model, tab);
	}

	/** Marks the page as one of retention's, in the navigation and in the retention tabs; answers its template. */
	static String tab(Model model, String tab) {
		model.addAttribute("section", "retention");
		model.addAttribute("tab", tab);
		return "workspace/retention-" + tab;
	}

	/** The charts a hold covers, as the audit trail names patients. */
	private static List<String> charts(LegalHolds.Hold hold) {
		return hold.patients().stream().map(p -> "Patient/" + p).toList();
	}

	/** The constant of {@code type} a form's select named; a value no form offers is refused in words. */
	private static <E extends Enum<E>> E choice(Class<E> type, String value, String what) {
		try {
			return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException e) {
			throw new CustodianException.Invalid(ErrorCode.RETENTION_REQUEST_INVALID, "Choose " + what + " from the list");
		}
	}

	private static @Nullable Integer number(String value, String message) {
		if (value.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(value.strip());
		} catch (NumberFormatException e) {
			throw new CustodianException.Invalid(ErrorCode.RETENTION_REQUEST_INVALID, message);
		}
	}
}
