package org.custodian.web.workspace;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.custodian.access.AccessContext;
import org.custodian.chart.PatientNames;
import org.custodian.completion.ChartDeficiencies;
import org.custodian.completion.DeficiencyRules;
import org.custodian.completion.Delinquency;
import org.custodian.completion.EntrySignatures;
import org.custodian.support.CustodianException;
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
 * Chart completion. A clinician sees their own deficiencies, reads each note or order waiting for
 * their signature and signs it there (a trainee naming the supervisor who co-signs), with the latest
 * notice sent to them. HIM sees every open deficiency with how overdue it is, the delinquent charts
 * and the delinquency rate over time, each clinician's work, the notices sent, and the rules, whose
 * periods it sets. Every look and signature is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class CompletionController {

	private static final int SHOWN = 200;

	/** A deficiency as the clinician's inbox shows it: with the entry to sign, when there is one to read. */
	record Work(ChartDeficiencies.Deficiency deficiency, EntrySignatures.@org.jspecify.annotations.Nullable Readable entry) {}

	private final WorkspaceAccess access;
	private final ChartDeficiencies deficiencies;
	private final DeficiencyRules rules;
	private final Delinquency delinquency;
	private final EntrySignatures signatures;
	private final PatientNames names;
	private final ScreenAudit audit;

	CompletionController(WorkspaceAccess access, ChartDeficiencies deficiencies, DeficiencyRules rules, Delinquency delinquency,
			EntrySignatures signatures, PatientNames names, ScreenAudit audit) {
		this.access = access;
		this.deficiencies = deficiencies;
		this.rules = rules;
		this.delinquency = delinquency;
		this.signatures = signatures;
		this.names = names;
		this.audit = audit;
	}

	@GetMapping("/completion")
	String queue(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		boolean him = context.roles().contains("him");
		List<ChartDeficiencies.Deficiency> open = deficiencies.visible(context, null, "open", SHOWN);
		List<String> patients = open.stream().map(ChartDeficiencies.Deficiency::patient).distinct().toList();
		if (him) {
			audit.record(context, 'R', "completion-queue", patients, null, open.size() + " open deficiencies");
			Delinquency.Figures figures = delinquency.current();
			List<Delinquency.Day> days = delinquency.history(365);
			model.addAttribute("figures", figures);
			model.addAttribute("days", days);
			model.addAttribute("rateTimes", days.stream().filter(d -> d.rate() != null).map(d -> String.valueOf(d.day()
					.atStartOfDay().toEpochSecond(ZoneOffset.UTC))).collect(Collectors.joining(",")));
			model.addAttribute("rateValues", days.stream().filter(d -> d.rate() != null).map(d -> String.valueOf(Math.round(d
					.rate() * 1000) / 10.0)).collect(Collectors.joining(",")));
			List<Delinquency.Clinician> clinicians = delinquency.byClinician();
			List<String> practitioners = new ArrayList<>(clinicians.stream().map(Delinquency.Clinician::assignee).toList());
			open.stream().map(ChartDeficiencies.Deficiency::assignee).forEach(practitioners::add);
			model.addAttribute("clinicians", clinicians);
			model.addAttribute("practitioners", deficiencies.practitionerNames(context, practitioners));
			model.addAttribute("notices", delinquency.notices(null, 20));
			model.addAttribute("rules", rules.all());
			model.addAttribute("open", open);
		} else {
			List<Work> work = new ArrayList<>();
			List<String> read = new ArrayList<>();
			for (ChartDeficiencies.Deficiency d : open) {
				// A note or an order waits for this clinician's signature: shown here to be read and signed.
				boolean toSign = !d.subject().startsWith("Encounter/") && !d.subject().startsWith("Procedure/");
				EntrySignatures.Readable entry = null;
				if (toSign) {
					try {
						entry = signatures.readable(context, d.subject());
						read.add(d.subject());
					} catch (CustodianException e) {
						// Out of reach now (the treatment relationship has ended, say): the rest of the inbox still shows.
						entry = null;
					}
				}
				work.add(new Work(d, entry));
			}
			audit.record(context, 'R', "completion-inbox", patients, null, String.join(" ", read));
			model.addAttribute("work", work);
			String me = context.fhirUser();
			model.addAttribute("notice", me == null ? null : delinquency.notices(me, 1).stream().findFirst().orElse(null));
		}
		model.addAttribute("him", him);
		model.addAttribute("now", Instant.now());
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("delinquentDays", delinquency.delinquentAfter().toDays());
		model.addAttribute("section", "completion");
		return "workspace/completion";
	}

	@PostMapping("/completion/sign")
	String sign(@RequestParam String entry, @RequestParam(defaultValue = "") String supervisor,
			@RequestParam(required = false) Integer version, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		int slash = entry.indexOf('/');
		try {
			EntrySignatures.Signed s = signatures.sign(context, slash < 0 ? entry : entry.substring(0, slash), slash < 0 ? ""
					: entry.substring(slash + 1), supervisor.isBlank() ? null : supervisor, version);
			audit.record(context, 'U', "completion-sign", List.of(s.patient()), null, entry);
			redirect.addFlashAttribute("done", s.awaitingCosignature() ? "Signed; it now awaits the co-signature of "
					+ s.signature().supervisor() + "." : "Signed.");
		} catch (CustodianException e) {
			redirect.addFlashAttribute("error", e.getMessage() + " (" + e.code() + ")");
		}
		return "redirect:/completion";
	}

	@PostMapping("/completion/deficiencies/{id}/assign")
	String assign(@PathVariable long id, @RequestParam String practitioner, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		String to = practitioner.startsWith("Practitioner/") ? practitioner : "Practitioner/" + practitioner.strip();
		ChartDeficiencies.Deficiency d = deficiencies.reassign(context, id, to);
		audit.record(context, 'U', "deficiency-assign", List.of(d.patient()), null, "deficiency " + id + " to " + to);
		redirect.addFlashAttribute("done", "“" + d.title() + "” is now " + deficiencies.practitionerNames(context, List.of(to))
				.getOrDefault(to, to) + "'s.");
		return "redirect:/completion";
	}

	@PostMapping("/completion/rules/{id}")
	String changeRule(@PathVariable String id, @RequestParam int dueHours, @RequestParam(defaultValue = "false") boolean active,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		DeficiencyRules.Rule changed = rules.change(context, id, dueHours, active);
		audit.record(context, 'U', "completion-rule", List.of(), null, id + " due " + dueHours + " h" + (active ? ""
				: ", not in force"));
		redirect.addFlashAttribute("done", "The rule “" + changed.title() + "” is now due " + dueHours + " hours after its moment"
				+ (active ? "." : ", and is not in force."));
		return "redirect:/completion";
	}
}
