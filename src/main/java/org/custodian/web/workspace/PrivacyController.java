package org.custodian.web.workspace;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.access.EmergencyAccess;
import org.custodian.audit.AuditReports;
import org.custodian.audit.BreachIncidents;
import org.custodian.audit.PrivacyAlerts;
import org.custodian.chart.PatientNames;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * The privacy officer's console: the alert queue (urgent first) with each alert's investigation,
 * break-the-glass cases awaiting review, the audit trail searched and exported, the report of who
 * accessed a patient's record, and breach incidents with their four-factor assessment. Auditors
 * reach the audit trail and the access report only. Each look and each decision is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class PrivacyController {

	private static final int SHOWN = 200;

	private final WorkspaceAccess access;
	private final PrivacyAlerts alerts;
	private final EmergencyAccess emergencies;
	private final AuditReports reports;
	private final BreachIncidents breaches;
	private final ScreenAudit audit;
	private final PatientNames names;

	PrivacyController(WorkspaceAccess access, PrivacyAlerts alerts, EmergencyAccess emergencies, AuditReports reports,
			BreachIncidents breaches, ScreenAudit audit, PatientNames names) {
		this.names = names;
		this.access = access;
		this.alerts = alerts;
		this.emergencies = emergencies;
		this.reports = reports;
		this.breaches = breaches;
		this.audit = audit;
	}

	@GetMapping("/privacy")
	String queues(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<PrivacyAlerts.Alert> queue = alerts.queue(context, null);
		List<EmergencyAccess.Case> cases = emergencies.awaitingReview(context);
		List<String> patients = new ArrayList<>();
		queue.stream().map(PrivacyAlerts.Alert::patient).filter(p -> p != null).forEach(patients::add);
		cases.forEach(c -> patients.add(c.patient()));
		audit.record(context, 'R', "privacy-queues", patients.stream().distinct().toList(), null, null);
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("alerts", queue);
		model.addAttribute("cases", cases);
		model.addAttribute("section", "privacy");
		return "workspace/privacy";
	}

	@PostMapping("/privacy/alerts/{id}")
	String reviewAlert(@PathVariable long id, @RequestParam String status, @RequestParam(defaultValue = "") String outcome,
			@RequestParam(defaultValue = "") String note, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		alerts.review(context, id, status, outcome.isBlank() ? null : outcome, note);
		audit.record(context, 'U', "privacy-alert-review", List.of(), null, "alert " + id + ": " + status
				+ (outcome.isBlank() ? "" : " (" + outcome + ")"));
		redirect.addFlashAttribute("done", "Alert " + id + " is now " + status + ".");
		return "redirect:/privacy";
	}

	@PostMapping("/privacy/emergencies/{id}")
	String reviewEmergency(@PathVariable String id, @RequestParam(defaultValue = "") String note, Authentication signedIn,
			HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		emergencies.review(context, id, note);
		audit.record(context, 'U', "break-the-glass-review", List.of(), null, "case " + id);
		redirect.addFlashAttribute("done", "The break-the-glass case is reviewed.");
		return "redirect:/privacy";
	}

	@GetMapping("/privacy/audit")
	String auditForm(Model model) {
		model.addAttribute("section", "audit");
		return "workspace/audit";
	}

	/** The trail searched; criteria in the body (a patient's id, a user's name), never in the URL. */
	@PostMapping("/privacy/audit")
	String auditSearch(@RequestParam(defaultValue = "") String user, @RequestParam(defaultValue = "") String patient,
			@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			@RequestParam(defaultValue = "") String outcome, Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		AuditReports.Filter filter = filter(user, patient, from, to, outcome);
		List<AuditReports.Entry> found = reports.find(context, filter, SHOWN, 0);
		audit.record(context, 'E', "audit-search", filter.patient() == null ? List.of() : List.of(filter.patient()),
				describe(user, patient, from, to, outcome), null);
		model.addAttribute("section", "audit");
		model.addAttribute("entries", found);
		model.addAttribute("more", found.size() == SHOWN);
		model.addAttribute("user", user);
		model.addAttribute("patient", patient);
		model.addAttribute("from", from);
		model.addAttribute("to", to);
		model.addAttribute("outcome", outcome);
		return "workspace/audit";
	}

	@PostMapping("/privacy/audit.csv")
	ResponseEntity<String> auditExport(@RequestParam(defaultValue = "") String user,
			@RequestParam(defaultValue = "") String patient, @RequestParam(defaultValue = "") String from,
			@RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String outcome,
			Authentication signedIn, HttpServletRequest request) {
		AccessContext context = access.of(signedIn, request);
		AuditReports.Filter filter = filter(user, patient, from, to, outcome);
		String csv = reports.csv(context, filter);
		audit.record(context, 'E', "audit-export", filter.patient() == null ? List.of() : List.of(filter.patient()),
				describe(user, patient, from, to, outcome), null);
		return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-trail.csv\"").body(csv);
	}

	/** Everyone who accessed a patient's record: from the chart, or by the patient's id. */
	@GetMapping("/privacy/audit/patient/{id:[A-Za-z0-9.-]{1,64}}")
	String accessReport(@PathVariable String id, Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<AuditReports.Entry> entries = reports.accessReport(context, id, SHOWN, 0);
		audit.record(context, 'R', "access-report", List.of("Patient/" + id), null, null);
		model.addAttribute("section", "audit");
		model.addAttribute("patientId", id);
		model.addAttribute("entries", entries);
		model.addAttribute("more", entries.size() == SHOWN);
		return "workspace/access-report";
	}

	@GetMapping("/privacy/breaches")
	String breaches(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		model.addAttribute("incidents", breaches.all(context));
		model.addAttribute("today", LocalDate.now(ZoneOffset.UTC));
		model.addAttribute("section", "breaches");
		audit.record(context, 'R', "breach-incidents", List.of(), null, null);
		return "workspace/breaches";
	}

	@PostMapping("/privacy/breaches")
	String openBreach(@RequestParam String discovered, @RequestParam String description,
			@RequestParam(defaultValue = "") String patients, @RequestParam(defaultValue = "") String alert,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		List<String> affected = Arrays.stream(patients.split("[\\s,]+")).filter(s -> !s.isBlank())
				.map(s -> s.startsWith("Patient/") ? s : "Patient/" + s).toList();
		long id = breaches.open(context, date(discovered, "discovery date"), description,
				alert.isBlank() ? null : Long.valueOf(alert.trim()), affected);
		audit.record(context, 'C', "breach-incident", affected, null, "incident " + id);
		redirect.addFlashAttribute("done", "Incident " + id + " is open; assess it below.");
		return "redirect:/privacy/breaches";
	}

	@PostMapping("/privacy/breaches/{id}/assessment")
	String assess(@PathVariable long id, @RequestParam String natureAndExtent, @RequestParam String recipient,
			@RequestParam String acquiredOrViewed, @RequestParam String mitigation, @RequestParam String risk,
			@RequestParam String determination, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		breaches.assess(context, id, new BreachIncidents.Assessment(natureAndExtent, recipient, acquiredOrViewed, mitigation,
				risk), determination);
		audit.record(context, 'U', "breach-assessment", List.of(), null, "incident " + id + ": " + determination);
		redirect.addFlashAttribute("done", "Incident " + id + " is assessed: " + determination + ".");
		return "redirect:/privacy/breaches";
	}

	@PostMapping("/privacy/breaches/{id}/notifications")
	String notified(@PathVariable long id, @RequestParam String recipient, @RequestParam String sent,
			@RequestParam(defaultValue = "") String note, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		breaches.sent(context, id, recipient, date(sent, "date sent"), note.isBlank() ? null : note);
		audit.record(context, 'U', "breach-notification", List.of(), null, "incident " + id + ": " + recipient + " notified");
		redirect.addFlashAttribute("done", "Incident " + id + ": the notification to " + recipient + " is recorded as sent.");
		return "redirect:/privacy/breaches";
	}

	private static AuditReports.Filter filter(String user, String patient, String from, String to, String outcome) {
		String p = patient.isBlank() ? null : patient.trim().startsWith("Patient/") ? patient.trim() : "Patient/" + patient.trim();
		Instant start = from.isBlank() ? null : date(from, "from date").atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant end = to.isBlank() ? null : date(to, "to date").plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		Integer result = switch (outcome) {
			case "success" -> 0;
			case "failure" -> 4;
			default -> null;
		};
		return new AuditReports.Filter(user.isBlank() ? null : user.trim(), p, start, end, null, result, null);
	}

	private static String describe(String user, String patient, String from, String to, String outcome) {
		return "user=" + user.trim() + "&patient=" + patient.trim() + "&from=" + from + "&to=" + to + "&outcome=" + outcome;
	}

	private static LocalDate date(String value, String what) {
		try {
			return LocalDate.parse(value.trim());
		} catch (DateTimeParseException e) {
			throw new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, "The " + what + " is not a date (1970-01-31)");
		}
	}
}
