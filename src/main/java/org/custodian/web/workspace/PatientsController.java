package org.custodian.web.workspace;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.custodian.chart.PatientFinder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Patient search. The criteria travel in the body of a POST, never in the URL, so names and birth
 * dates do not land in browser history, proxies' logs or the server's access log. With htmx, only
 * the results are replaced; without JavaScript the whole page comes back.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class PatientsController {

	private final WorkspaceAccess access;
	private final PatientFinder finder;

	PatientsController(WorkspaceAccess access, PatientFinder finder) {
		this.access = access;
		this.finder = finder;
	}

	@GetMapping("/patients")
	String form(Model model) {
		model.addAttribute("section", "patients");
		return "workspace/patients";
	}

	@PostMapping("/patients")
	String search(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String birthDate,
			@RequestParam(defaultValue = "") String identifier, @RequestHeader(name = "HX-Request", required = false) String htmx,
			Authentication signedIn, HttpServletRequest request, Model model) {
		model.addAttribute("section", "patients");
		model.addAttribute("name", name);
		model.addAttribute("birthDate", birthDate);
		model.addAttribute("identifier", identifier);
		String view = htmx != null ? "workspace/patients :: results" : "workspace/patients";
		LocalDate born = null;
		if (!birthDate.isBlank()) {
			try {
				born = LocalDate.parse(birthDate.trim());
			} catch (DateTimeParseException e) {
				model.addAttribute("error", "The birth date is not a date: use the date picker, or type it as 1970-01-31");
				return view;
			}
		}
		PatientFinder.Query query = new PatientFinder.Query(name, born, identifier);
		if (query.isEmpty()) {
			model.addAttribute("error", "Give a name, a birth date or an identifier");
			return view;
		}
		model.addAttribute("found", finder.find(access.of(signedIn, request), query));
		return view;
	}
}
