package org.custodian.web.workspace;

import java.util.Arrays;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.chart.PatientNames;
import org.custodian.completion.AmendmentRequests;
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
 * Requests to amend (45 CFR 164.526) for HIM: the open requests with their deadlines, a request
 * received for a patient (from their chart, their records to pick from), and each request acted on:
 * extended once, accepted, or denied, then the patient's statement of disagreement filed. The
 * letters are shown as sent. Every look and action is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class AmendmentsController {

	private final WorkspaceAccess access;
	private final AmendmentRequests amendments;
	private final PatientNames names;
	private final ScreenAudit audit;

	AmendmentsController(WorkspaceAccess access, AmendmentRequests amendments, PatientNames names, ScreenAudit audit) {
		this.access = access;
		this.amendments = amendments;
		this.names = names;
		this.audit = audit;
	}

	@GetMapping("/completion/amendments")
	String list(@RequestParam(defaultValue = "") String patient, @RequestParam(defaultValue = "false") boolean all,
			Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<AmendmentRequests.Amendment> shown = amendments.list(context, all);
		List<String> patients = new java.util.ArrayList<>(shown.stream().map(AmendmentRequests.Amendment::patient).distinct()
				.toList());
		String forPatient = patient.isBlank() ? null : patient.startsWith("Patient/") ? patient : "Patient/" + patient;
		if (forPatient != null) {
			model.addAttribute("candidates", amendments.candidates(context, forPatient));
			patients.add(forPatient);
		}
		audit.record(context, 'R', "amendment-requests", patients, null, null);
		model.addAttribute("requests", shown);
		model.addAttribute("all", all);
		model.addAttribute("patient", forPatient);
		model.addAttribute("today", amendments.today());
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("section", "completion");
		return "workspace/amendments";
	}

	@PostMapping("/completion/amendments")
	String receive(@RequestParam String patient, @RequestParam String requester, @RequestParam(required = false) List<String> record,
			@RequestParam String description, @RequestParam String amendment, @RequestParam(defaultValue = "") String notify,
			@RequestParam(defaultValue = "") String received, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		AmendmentRequests.Amendment a = amendments.receive(context, patient, requester, record == null ? List.of() : record,
				description, amendment, Arrays.stream(notify.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
				received.isBlank() ? null : java.time.LocalDate.parse(received));
		audit.record(context, 'C', "amendment-receive", List.of(a.patient()), null, "amendment request " + a.id());
		redirect.addFlashAttribute("done", "Request received; it must be acted on by " + a.deadline() + ".");
		return "redirect:/completion/amendments/" + a.id();
	}

	@GetMapping("/completion/amendments/{id}")
	String show(@PathVariable long id, Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		AmendmentRequests.Amendment a = amendments.get(context, id);
		audit.record(context, 'R', "amendment-request", List.of(a.patient()), null, "amendment request " + id);
		model.addAttribute("a", a);
		model.addAttribute("bases", AmendmentRequests.DENIAL_BASES);
		model.addAttribute("notices", amendments.notices(context, id));
		model.addAttribute("today", amendments.today());
		model.addAttribute("names", names.of(context, List.of(a.patient())));
		model.addAttribute("section", "completion");
		return "workspace/amendment";
	}

	@PostMapping("/completion/amendments/{id}/{action}")
	String act(@PathVariable long id, @PathVariable String action, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "") String basis, @RequestParam(defaultValue = "") String statement,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		AmendmentRequests.Amendment a = switch (action) {
			case "extend" -> amendments.extend(context, id, reason);
			case "accept" -> amendments.accept(context, id);
			case "deny" -> amendments.deny(context, id, basis, reason);
			case "disagreement" -> amendments.disagree(context, id, statement);
			default -> throw new org.custodian.support.CustodianException.NotFound(org.custodian.support.ErrorCode
					.RESOURCE_NOT_FOUND, "No such action on a request to amend: " + action);
		};
		audit.record(context, 'U', "amendment-" + action, List.of(a.patient()), null, "amendment request " + id);
		redirect.addFlashAttribute("done", switch (action) {
			case "extend" -> "Extended to " + a.deadline() + "; the notice below tells the patient why.";
			case "accept" -> "Accepted: the amendment is appended to the records, and the people named are told.";
			case "deny" -> "Denied: the letter below goes to the patient; the request and the denial are linked to the records.";
			default -> "The statement is kept with the records and goes with them when they are disclosed.";
		});
		return "redirect:/completion/amendments/" + id;
	}
}
