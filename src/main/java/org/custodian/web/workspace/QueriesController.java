package org.custodian.web.workspace;

import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.chart.PatientNames;
import org.custodian.coding.PhysicianQueries;
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
 * A physician's coding queries: the questions coders have asked them about their documentation, the
 * oldest first, each answered here. Every look and answer is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class QueriesController {

	private final WorkspaceAccess access;
	private final PhysicianQueries queries;
	private final PatientNames names;
	private final ScreenAudit audit;

	QueriesController(WorkspaceAccess access, PhysicianQueries queries, PatientNames names, ScreenAudit audit) {
		this.access = access;
		this.queries = queries;
		this.names = names;
		this.audit = audit;
	}

	@GetMapping("/queries")
	String waiting(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<PhysicianQueries.Query> open = queries.waitingFor(context);
		List<String> patients = open.stream().map(PhysicianQueries.Query::patient).distinct().toList();
		audit.record(context, 'R', "physician-queries", patients, null, null);
		model.addAttribute("open", open);
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("now", java.time.Instant.now());
		model.addAttribute("section", "queries");
		return "workspace/queries";
	}

	@PostMapping("/queries/{id}")
	String answer(@PathVariable long id, @RequestParam(defaultValue = "") String answer, Authentication signedIn,
			HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		PhysicianQueries.Query q = queries.answer(context, id, answer);
		audit.record(context, 'U', "physician-query-answer", List.of(q.patient()), null, "query " + id);
		redirect.addFlashAttribute("done", "Answered; the coder sees it with the encounter.");
		return "redirect:/queries";
	}
}
