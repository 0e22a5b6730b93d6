package org.custodian.web.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.custodian.access.AccessContext;
import org.custodian.chart.PatientNames;
import org.custodian.identity.DeduplicationJob;
import org.custodian.identity.DuplicateStatistics;
import org.custodian.identity.OverlayDetection;
import org.custodian.identity.PairComparison;
import org.custodian.identity.PatientMerge;
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
 * The patient index, for HIM: the duplicate-rate dashboard and the review queue; a pair compared side
 * by side with the score explained; merging (previewed, then confirmed) or recording "not the same
 * person"; and recent merges, each of which can be undone after confirmation. Every look and every
 * decision is recorded; merges and unmerges are also recorded by the store, with their writes.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class IdentityController {

	/**
	 * Pairs and charts a list shows at once: the top of the queue is worked first, and a list of
	 * names is a look at each of those patients (privacy monitoring counts them).
	 */
	private static final int QUEUE = 20;
	private static final int MERGES = 50;

	private final WorkspaceAccess access;
	private final DeduplicationJob deduplication;
	private final DuplicateStatistics statistics;
	private final PairComparison comparison;
	private final PatientMerge merges;
	private final PatientNames names;
	private final ScreenAudit audit;
	private final OverlayDetection overlays;

	IdentityController(WorkspaceAccess access, DeduplicationJob deduplication, DuplicateStatistics statistics,
			PairComparison comparison, PatientMerge merges, PatientNames names, ScreenAudit audit, OverlayDetection overlays) {
		this.overlays = overlays;
		this.access = access;
		this.deduplication = deduplication;
		this.statistics = statistics;
		this.comparison = comparison;
		this.merges = merges;
		this.names = names;
		this.audit = audit;
	}

	/** The dashboard; {@code run}: a run just started, whose progress (or result) is shown. */
	@GetMapping("/identity")
	String dashboard(@RequestParam(required = false) Long run, Authentication signedIn, HttpServletRequest request,
			Model model) {
		AccessContext context = access.of(signedIn, request);
		DuplicateStatistics.Figures figures = statistics.figures(context);
		List<DeduplicationJob.Duplicate> queue = deduplication.queue(context, QUEUE);
		List<OverlayDetection.Queued> signs = overlays.queue(context, QUEUE);
		List<String> patients = new ArrayList<>();
		signs.forEach(o -> patients.add("Patient/" + o.patient()));
		queue.forEach(d -> {
			patients.add("Patient/" + d.a());
			patients.add("Patient/" + d.b());
		});
		audit.record(context, 'R', "duplicate-queue", patients.stream().distinct().toList(), null, null);
		model.addAttribute("figures", figures);
		model.addAttribute("shownRun", run != null ? run : figures.running());
		model.addAttribute("rateTimes", figures.runs().stream().map(r -> Long.toString(r.started().getEpochSecond()))
				.collect(Collectors.joining(",")));
		model.addAttribute("rateValues", figures.runs().stream().map(r -> String.format(java.util.Locale.ROOT, "%.2f", r.rate()))
				.collect(Collectors.joining(",")));
		model.addAttribute("queue", queue);
		model.addAttribute("overlays", signs.stream().collect(Collectors.groupingBy(OverlayDetection.Queued::patient,
				java.util.LinkedHashMap::new, Collectors.toList())));
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("section", "identity");
		return "workspace/identity";
	}

	@PostMapping("/identity/runs")
	String startRun(Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		long run = deduplication.start(access.of(signedIn, request));
		redirect.addFlashAttribute("done", "Deduplication run " + run + " started.");
		return "redirect:/identity?run=" + run;
	}

	@PostMapping("/identity/overlays/scan")
	String startScan(Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		long run = overlays.scan(access.of(signedIn, request));
		redirect.addFlashAttribute("done", "Overlay scan " + run + " started; signs appear below as charts are checked.");
		return "redirect:/identity";
	}

	@PostMapping("/identity/overlays/{patient}")
	String reviewOverlay(@PathVariable String patient, @RequestParam String status, @RequestParam(defaultValue = "") String note,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		int closed = overlays.review(context, patient, status, note);
		audit.record(context, 'U', "overlay-review", List.of("Patient/" + patient), null, status + ": " + note);
		redirect.addFlashAttribute("done", "Reviewed " + closed + " sign(s) on Patient/" + patient + ": " + status + ".");
		return "redirect:/identity";
	}

	/** A run's progress, polled by the dashboard while the run goes on (htmx swaps this fragment). */
	@GetMapping("/identity/runs/{id}")
	String run(@PathVariable long id, Authentication signedIn, HttpServletRequest request, Model model) {
		model.addAttribute("run", deduplication.status(access.of(signedIn, request), id));
		return "workspace/identity-run :: progress";
	}

	@GetMapping("/identity/pairs/{a}/{b}")
	String pair(@PathVariable String a, @PathVariable String b, Authentication signedIn, HttpServletRequest request,
			Model model) {
		AccessContext context = access.of(signedIn, request);
		PairComparison.Comparison c = comparison.compare(context, a, b);
		audit.record(context, 'R', "duplicate-review", List.of("Patient/" + a, "Patient/" + b), null, null);
		model.addAttribute("c", c);
		model.addAttribute("a", a);
		model.addAttribute("b", b);
		model.addAttribute("section", "identity");
		return "workspace/identity-pair";
	}

	@PostMapping("/identity/pairs/{a}/{b}/not-same")
	String notSame(@PathVariable String a, @PathVariable String b, @RequestParam(defaultValue = "") String note,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		deduplication.notSame(context, a, b, note);
		audit.record(context, 'U', "duplicate-not-same", List.of("Patient/" + a, "Patient/" + b), null, note);
		redirect.addFlashAttribute("done", "Recorded as two different people; the pair will not be proposed again.");
		return "redirect:/identity";
	}

	/** What the merge would do, with the confirmation; nothing is written yet. */
	@PostMapping("/identity/merge/preview")
	String preview(@RequestParam String source, @RequestParam int sourceVersion, @RequestParam String target,
			@RequestParam int targetVersion, @RequestParam(defaultValue = "") String reason, Authentication signedIn,
			HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		PatientMerge.Request asked = new PatientMerge.Request(source, sourceVersion, target, targetVersion, reason);
		PatientMerge.Plan plan = merges.preview(context, asked);
		audit.record(context, 'R', "merge-preview", List.of("Patient/" + source, "Patient/" + target), null, null);
		model.addAttribute("plan", plan);
		model.addAttribute("asked", asked);
		model.addAttribute("names", names.of(context, List.of("Patient/" + source, "Patient/" + target)));
		model.addAttribute("section", "identity");
		return "workspace/identity-merge";
	}

	@PostMapping("/identity/merge")
	String merge(@RequestParam String source, @RequestParam int sourceVersion, @RequestParam String target,
			@RequestParam int targetVersion, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "false") boolean confirmed, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		if (!confirmed) {
			redirect.addFlashAttribute("done", "Nothing was merged: confirm that you compared the two charts.");
			return "redirect:/identity/pairs/" + source + "/" + target;
		}
		PatientMerge.Done done = merges.merge(context, new PatientMerge.Request(source, sourceVersion, target, targetVersion,
				reason));
		redirect.addFlashAttribute("done", "Merged Patient/" + source + " into Patient/" + target + " (merge " + done.merge()
				+ "): " + done.plan().moved().size() + " records moved.");
		return "redirect:/identity/merges";
	}

	@GetMapping("/identity/merges")
	String recent(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<PatientMerge.Merge> recent = merges.recent(context, MERGES);
		List<String> patients = new ArrayList<>();
		recent.forEach(m -> {
			patients.add("Patient/" + m.source());
			patients.add("Patient/" + m.target());
		});
		audit.record(context, 'R', "merge-history", patients.stream().distinct().toList(), null, null);
		model.addAttribute("merges", recent);
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("section", "identity");
		return "workspace/identity-merges";
	}

	/** The undo's confirmation: what the merge did, and the reason to give. */
	@GetMapping("/identity/merges/{id}/undo")
	String confirmUndo(@PathVariable long id, Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		PatientMerge.Merge m = merges.get(context, id);
		List<String> patients = List.of("Patient/" + m.source(), "Patient/" + m.target());
		audit.record(context, 'R', "merge-history", patients, null, "merge " + id);
		model.addAttribute("m", m);
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("section", "identity");
		return "workspace/identity-undo";
	}

	@PostMapping("/identity/merges/{id}/undo")
	String undo(@PathVariable long id, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "false") boolean confirmed, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		if (!confirmed) {
			redirect.addFlashAttribute("done", "Nothing was undone: confirm that the merge should be undone.");
			return "redirect:/identity/merges/" + id + "/undo";
		}
		PatientMerge.Undone undone = merges.unmerge(context, id, reason);
		redirect.addFlashAttribute("done", "Undid merge " + id + ": Patient/" + undone.source() + " has its "
				+ (undone.restored().size() + undone.changedSince().size() - 2) + " records back"
				+ (undone.stayWithTarget().isEmpty() ? "." : "; " + undone.stayWithTarget().size() + " written to Patient/"
						+ undone.target() + " after the merge stay there: " + String.join(", ", undone.stayWithTarget())));
		return "redirect:/identity/merges";
	}
}
