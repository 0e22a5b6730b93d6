package org.custodian.web.workspace;

import java.util.ArrayList;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.access.EmergencyAccess;
import org.custodian.access.Role;
import org.custodian.identity.DuplicateStatistics;
import org.custodian.audit.PrivacyAlerts;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The first page after sign-in: the work waiting for this person, queue by queue, then the charts
 * they opened recently. Each later workflow (deficiencies, requests for records, coding) adds its
 * queue here.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class HomeController {

	/** One work queue: what it holds, how many items wait, and where it is worked. */
	record Queue(String title, int waiting, String description, String href) {}

	private final WorkspaceAccess access;
	private final PrivacyAlerts alerts;
	private final EmergencyAccess emergencies;

	private final DuplicateStatistics duplicates;

	private final org.custodian.disclosure.ReleaseRequests releases;

	private final org.custodian.coding.PhysicianQueries queries;

	HomeController(WorkspaceAccess access, PrivacyAlerts alerts, EmergencyAccess emergencies, DuplicateStatistics duplicates,
			org.custodian.disclosure.ReleaseRequests releases, org.custodian.coding.PhysicianQueries queries) {
		this.queries = queries;
		this.releases = releases;
		this.duplicates = duplicates;
		this.access = access;
		this.alerts = alerts;
		this.emergencies = emergencies;
	}

	@GetMapping("/")
	String home(Authentication signedIn, HttpServletRequest request, Model model) {
		List<Queue> queues = new ArrayList<>();
		if (access.account(signedIn).roles().contains(Role.PRIVACY_OFFICER)) {
			AccessContext context = access.of(signedIn, request);
			queues.add(new Queue("Privacy alerts", alerts.queue(context, null).size(),
					"Accesses that look like snooping, urgent first", "/privacy"));
			queues.add(new Queue("Break-the-glass reviews", emergencies.awaitingReview(context).size(),
					"Emergency accesses waiting for your review", "/privacy"));
		}
		if (access.account(signedIn).roles().contains(Role.HIM)) {
			DuplicateStatistics.Figures figures = duplicates.figures(access.of(signedIn, request));
			queues.add(new Queue("Possible duplicates", figures.openMatches() + figures.openPossible(),
					"Pairs of charts that may be one person, likeliest first", "/identity"));
		}
		if (access.account(signedIn).roles().stream().anyMatch(r -> r == Role.ROI || r == Role.HIM)) {
			org.custodian.disclosure.ReleaseRequests.Waiting waiting = releases.waiting(access.of(signedIn, request));
			queues.add(new Queue("Requests for records", waiting.open(), waiting.overdue() == 0
					? "Open requests, soonest due first" : waiting.overdue() + " overdue; open requests, soonest due first",
					"/release"));
		}
		if (access.account(signedIn).roles().contains(Role.CLINICIAN)) {
			int open = queries.waitingFor(access.of(signedIn, request)).size();
			queues.add(new Queue("Coding queries", open, "Coders' questions about your documentation, oldest first",
					"/queries"));
		}
		model.addAttribute("queues", queues);
		model.addAttribute("recent", RecentCharts.of(request.getSession()));
		model.addAttribute("section", "home");
		return "workspace/home";
	}
}
