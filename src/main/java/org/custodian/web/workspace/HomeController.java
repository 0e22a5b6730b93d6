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

	private final org.custodian.completion.ChartDeficiencies deficiencies;

	private final org.custodian.completion.AmendmentRequests amendments;

	private final org.custodian.ingest.hl7.Hl7Feed hl7;

	private final org.custodian.retention.Disposition disposition;

	HomeController(WorkspaceAccess access, PrivacyAlerts alerts, EmergencyAccess emergencies, DuplicateStatistics duplicates,
			org.custodian.disclosure.ReleaseRequests releases, org.custodian.coding.PhysicianQueries queries,
			org.custodian.completion.ChartDeficiencies deficiencies, org.custodian.completion.AmendmentRequests amendments,
			org.custodian.ingest.hl7.Hl7Feed hl7, org.custodian.retention.Disposition disposition) {
		this.hl7 = hl7;
		this.disposition = disposition;
		this.deficiencies = deficiencies;
		this.amendments = amendments;
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
		java.util.Set<Role> roles = access.account(signedIn).roles();
		boolean clinical = roles.contains(Role.CLINICIAN) || roles.contains(Role.NURSE);
		if (roles.contains(Role.HIM) || clinical && access.of(signedIn, request).fhirUser() != null) {
			org.custodian.completion.ChartDeficiencies.Waiting waiting = deficiencies.waiting(access.of(signedIn, request));
			int overdue = waiting.overdue();
			queues.add(new Queue(roles.contains(Role.HIM) ? "Chart deficiencies" : "Chart completion", waiting.open(), (overdue == 0
					? "" : overdue + " overdue; ") + (roles.contains(Role.HIM) ? "open work in charts, the most overdue first"
							: "your notes and orders to sign, and reports to write"), "/completion"));
		}
		if (roles.contains(Role.HIM)) {
			queues.add(new Queue("Interface errors", hl7.errorCount(access.of(signedIn, request)),
					"HL7 v2 messages kept in error, to correct and replay", "/interfaces"));
		}
		if (roles.contains(Role.HIM)) {
			AccessContext context = access.of(signedIn, request);
			List<org.custodian.completion.AmendmentRequests.Amendment> open = amendments.list(context, false);
			long overdue = open.stream().filter(a -> a.overdue(amendments.today())).count();
			queues.add(new Queue("Requests to amend", open.size(), (overdue == 0 ? "" : overdue + " overdue; ")
					+ "patients' requests, the nearest deadline first", "/completion/amendments"));
		}
		if (roles.contains(Role.HIM)) {
			int due = disposition.dueCount(access.of(signedIn, request));
			int held = disposition.heldPastRetention();
			queues.add(new Queue("Charts past retention", due, (held == 0 ? "" : held + " more held by legal holds; ")
					+ "to keep to a later review or destroy", "/retention/disposition"));
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
