package org.custodian.web.workspace;

import java.util.ArrayList;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.chart.PatientNames;
import org.custodian.quality.DataQuality;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The data-quality dashboard for HIM: the overall score, each source system's, the charts where it is
 * worst, which checks find the most, and the latest findings, each chart a click away. The look is
 * recorded with the charts it shows.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class QualityController {

	private static final int WORST = 20;

	private final WorkspaceAccess access;
	private final DataQuality quality;
	private final PatientNames names;
	private final ScreenAudit audit;

	QualityController(WorkspaceAccess access, DataQuality quality, PatientNames names, ScreenAudit audit) {
		this.access = access;
		this.quality = quality;
		this.names = names;
		this.audit = audit;
	}

	@GetMapping("/quality")
	String dashboard(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		DataQuality.Summary summary = quality.summary(context, WORST);
		List<String> patients = new ArrayList<>(summary.worstCharts().stream().map(DataQuality.Score::key).toList());
		summary.latest().stream().map(DataQuality.Finding::patient).filter(p -> p != null && !patients.contains(p)).forEach(
				patients::add);
		audit.record(context, 'R', "data-quality", patients, null, summary.overall().records() + " records scored");
		model.addAttribute("s", summary);
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("section", "completion"); // reached from Chart completion
		return "workspace/quality";
	}

	@PostMapping("/quality/check")
	String check(Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		quality.summary(context, 0); // HIM only
		int checked = quality.checkChanges();
		audit.record(context, 'E', "data-quality-check", List.of(), null, checked + " records checked");
		redirect.addFlashAttribute("done", checked == 0 ? "Nothing changed since the last check." : checked
				+ " records changed since the last check were checked.");
		return "redirect:/quality";
	}
}
