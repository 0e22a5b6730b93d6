package org.custodian.web.workspace;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.coding.CaseMix;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The case-mix report for HIM and finance: the encounters finally coded in a period by class, the
 * inpatient stays' severity (MCC, CC, neither) month by month, and the principal diagnoses and their
 * chapters. It shows counts only; the aggregate read is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class CaseMixController {

	private static final int TOP = 15;

	private final WorkspaceAccess access;
	private final CaseMix caseMix;
	private final ScreenAudit audit;

	CaseMixController(WorkspaceAccess access, CaseMix caseMix, ScreenAudit audit) {
		this.access = access;
		this.caseMix = caseMix;
		this.audit = audit;
	}

	@GetMapping("/coding/case-mix")
	String report(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		LocalDate last = LocalDate.now();
		LocalDate first = last.minusYears(1).plusDays(1);
		try {
			last = to.isBlank() ? last : LocalDate.parse(to);
			first = from.isBlank() ? last.minusYears(1).plusDays(1) : LocalDate.parse(from);
		} catch (DateTimeParseException e) {
			model.addAttribute("error", "A date is a day, as 2026-03-01: " + e.getParsedString() + " is not one.");
		}
		if (first.isAfter(last)) {
			model.addAttribute("error", "The period starts (" + first + ") after it ends (" + last + ").");
			first = last;
		}
		CaseMix.Report report = caseMix.report(context, first, last, TOP);
		audit.record(context, 'R', "coding-case-mix", List.of(), null, report.encounters() + " final codings read, "
				+ first + " to " + last);
		model.addAttribute("report", report);
		model.addAttribute("section", "coding");
		return "workspace/case-mix";
	}
}
