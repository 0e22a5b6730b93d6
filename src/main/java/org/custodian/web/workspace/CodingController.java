package org.custodian.web.workspace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.chart.PatientNames;
import org.custodian.claims.Claims;
import org.custodian.coding.CodeSuggestions;
import org.custodian.coding.CodeSystems;
import org.custodian.coding.EncounterCoding;
import org.custodian.coding.PhysicianQueries;
import org.custodian.coding.Terminology;
import org.jspecify.annotations.Nullable;
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
 * The coder's workbench: the queue of finished encounters awaiting coding (the longest discharged
 * first), and an encounter's notes with the evidence for each suggested code highlighted beside the
 * suggestions, the mentions set apart (denied, suspected, past, a relative's), a search of the
 * ICD-10-CM release in force on the date of service, the coder's decisions as they are made, and the
 * final coding signed. Every look and decision is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class CodingController {

	private static final int QUEUE = 50;
	private static final int SEARCHED = 25;

	/** A stretch of a note's text, marked when it is evidence, with the codes it supports; set apart when none is current. */
	record Segment(String text, @Nullable String codes, boolean apart) {}

	/** A note as the workbench shows it: its reference, title and its text in segments. */
	record Shown(String reference, String title, List<Segment> segments) {}

	private final WorkspaceAccess access;
	private final Claims claims;
	private final PhysicianQueries queries;
	private final EncounterCoding coding;
	private final Terminology terminology;
	private final PatientNames names;
	private final ScreenAudit audit;

	CodingController(WorkspaceAccess access, EncounterCoding coding, Terminology terminology, PatientNames names,
			ScreenAudit audit, PhysicianQueries queries, Claims claims) {
		this.claims = claims;
		this.queries = queries;
		this.access = access;
		this.coding = coding;
		this.terminology = terminology;
		this.names = names;
		this.audit = audit;
	}

	@GetMapping("/coding")
	String queue(@RequestParam(defaultValue = "discharged") String sort, Authentication signedIn, HttpServletRequest request,
			Model model) {
		AccessContext context = access.of(signedIn, request);
		List<EncounterCoding.Waiting> waiting = new ArrayList<>(coding.queue(context, QUEUE));
		// The longest discharged first by default; by payer or service to work one payer's or one service's bills together.
		if (sort.equals("payer")) {
			waiting.sort(Comparator.comparing(EncounterCoding.Waiting::payer));
		} else if (sort.equals("service")) {
			waiting.sort(Comparator.comparing(EncounterCoding.Waiting::service));
		}
		List<String> patients = waiting.stream().map(EncounterCoding.Waiting::patient).distinct().toList();
		audit.record(context, 'R', "coding-queue", patients, null, null);
		model.addAttribute("waiting", waiting);
		model.addAttribute("sort", sort);
		EncounterCoding.Unbilled unbilled = coding.unbilled(context);
		// The DNFB figures read every finished encounter's dates and show only counts: one record of that aggregate read.
		audit.record(context, 'R', "coding-dnfb", List.of(), null, unbilled.read() + " finished encounters read, "
				+ unbilled.total() + " not final billed");
		model.addAttribute("unbilled", unbilled);
		model.addAttribute("productivity", coding.productivity(context, 30));
		model.addAttribute("accuracy", coding.accuracy(context));
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("section", "coding");
		return "workspace/coding";
	}

	/** A code in the tabular list: the path from its category down to it, and what lies under it. */
	record Browsed(List<Terminology.Concept> path, Terminology.Concept concept) {}

	@GetMapping("/coding/{encounter}")
	String workbench(@PathVariable String encounter, @RequestParam(defaultValue = "") String q,
			@RequestParam(defaultValue = "") String browse, Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		EncounterCoding.Suggested s = coding.suggest(context, encounter);
		audit.record(context, 'R', "coding-workbench", List.of(s.patient()), q.isBlank() ? null : "q=" + q, s.encounter());
		List<Shown> notes = new ArrayList<>();
		for (EncounterCoding.Source source : s.sources()) {
			notes.add(new Shown(source.reference(), source.title(), segments(source, s.suggestions())));
		}
		model.addAttribute("s", s);
		model.addAttribute("current", s.suggestions().stream().filter(r -> r.suggestion().statusCode().equals("current"))
				.toList());
		model.addAttribute("apart", s.suggestions().stream().filter(r -> !r.suggestion().statusCode().equals("current"))
				.toList());
		model.addAttribute("notes", notes);
		model.addAttribute("decisions", coding.decisions(context, encounter));
		model.addAttribute("signed", coding.signed(context, encounter).orElse(null));
		model.addAttribute("queries", queries.forEncounter(context, encounter));
		model.addAttribute("now", java.time.Instant.now());
		model.addAttribute("q", q);
		model.addAttribute("found", q.isBlank() ? List.of() : terminology.expand(CodeSystems.ICD10CM, null, q,
				s.dateOfService(), true, 0, SEARCHED).concepts());
		model.addAttribute("browsed", browse.isBlank() ? null : browsed(browse, s.dateOfService()));
		model.addAttribute("names", names.of(context, List.of(s.patient())));
		model.addAttribute("encounter", encounter);
		model.addAttribute("section", "coding");
		return "workspace/coding-encounter";
	}

	@PostMapping("/coding/{encounter}/decision")
	String decide(@PathVariable String encounter, @RequestParam String code, @RequestParam String decision,
			@RequestParam(defaultValue = "") String finalCode, @RequestParam(required = false) Integer rank,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		String patient = coding.decide(context, encounter, new EncounterCoding.Decision(code, decision, finalCode.isBlank()
				? null : finalCode.trim(), rank, null));
		audit.record(context, 'U', "coding-decision", List.of(patient), null, "Encounter/" + encounter + " " + code + " " + decision
				+ (finalCode.isBlank() ? "" : " " + finalCode));
		redirect.addFlashAttribute("done", code + ": " + decision + (finalCode.isBlank() ? "" : " as " + finalCode) + ".");
		return "redirect:/coding/" + encounter;
	}

	@PostMapping("/coding/{encounter}/query")
	String ask(@PathVariable String encounter, @RequestParam(defaultValue = "") String physician,
			@RequestParam(defaultValue = "") String question, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		PhysicianQueries.Query q = queries.ask(context, encounter, physician, question);
		audit.record(context, 'C', "physician-query", List.of(q.patient()), null, "query " + q.id() + " to " + q.physician());
		redirect.addFlashAttribute("done", "Query sent to " + q.physician() + "; it stays open here until answered.");
		return "redirect:/coding/" + encounter;
	}

	@PostMapping("/coding/{encounter}/claim")
	String buildClaim(@PathVariable String encounter, @RequestParam(defaultValue = "professional") String type,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		Claims.Built built = claims.build(context, encounter, type);
		audit.record(context, 'C', "claim-build", List.of(built.claim().getPatient().getReference()), null, "Claim/"
				+ built.id());
		redirect.addFlashAttribute("claim", built);
		redirect.addFlashAttribute("done", "Claim " + built.id() + " built: " + (built.edits().stream().anyMatch(e -> e.severity()
				.equals("error")) ? "the scrubber holds it; see its edits." : "clean."));
		return "redirect:/coding/" + encounter;
	}

	/** A claim line's modifiers set (59 for a distinct service, 25, LT…): the claim is scrubbed again and shown. */
	@PostMapping("/coding/{encounter}/claims/{id}/lines/{line}")
	String modifiers(@PathVariable String encounter, @PathVariable String id, @PathVariable int line,
			@RequestParam(defaultValue = "") String modifiers, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		Claims.Built built = claims.setModifiers(context, id, line, java.util.Arrays.asList(modifiers.trim().split("[\\s,]+")));
		audit.record(context, 'U', "claim-modifiers", List.of(built.claim().getPatient().getReference()), null, "Claim/" + id
				+ " line " + line + ": " + modifiers.trim());
		redirect.addFlashAttribute("claim", built);
		redirect.addFlashAttribute("done", "Line " + line + " now carries " + (modifiers.isBlank() ? "no modifier" : modifiers
				.trim()) + "; the claim is scrubbed again.");
		return "redirect:/coding/" + encounter;
	}

	/** The claim as an 837 file, once it is clean; recorded against the patient. */
	@GetMapping("/coding/claims/{id}.x12")
	org.springframework.http.ResponseEntity<byte[]> x12(@PathVariable String id, Authentication signedIn,
			HttpServletRequest request) {
		AccessContext context = access.of(signedIn, request);
		Claims.Edi edi = claims.x12(context, id);
		audit.record(context, 'E', "claim-837", List.of(edi.patient()), null, "Claim/" + id);
		return org.springframework.http.ResponseEntity.ok().header("Content-Type", "application/edi-x12")
				.header("Content-Disposition", "attachment; filename=\"claim-" + id + ".x12\"").body(edi.bytes());
	}

	@PostMapping("/coding/{encounter}/final")
	String sign(@PathVariable String encounter, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		EncounterCoding.Signed signed = coding.sign(context, encounter);
		audit.record(context, 'U', "coding-final", List.of(signed.patient()), null, "Encounter/" + encounter + " " + String.join(" ",
				signed.codes()));
		redirect.addFlashAttribute("done", "Final coding signed: " + String.join(", ", signed.codes()) + ".");
		return "redirect:/coding/" + encounter;
	}

	/** The code's place in the tabular list: its ancestors (category first) and the code with its children. */
	private @Nullable Browsed browsed(String code, java.time.LocalDate date) {
		var found = terminology.lookup(CodeSystems.ICD10CM, code, date);
		if (found.isEmpty()) {
			return null;
		}
		List<Terminology.Concept> path = new ArrayList<>();
		String parent = found.get().parent();
		while (parent != null) {
			Terminology.Concept up = terminology.lookup(CodeSystems.ICD10CM, parent, date).orElse(null);
			if (up == null) {
				break;
			}
			path.add(0, up);
			parent = up.parent();
		}
		return new Browsed(path, found.get());
	}

	/** The note's text cut at the edges of its evidence, each marked stretch naming the codes it supports. */
	static List<Segment> segments(EncounterCoding.Source source, List<EncounterCoding.Ranked> ranked) {
		record Span(int start, int end, String code, boolean current) {}
		List<Span> spans = new ArrayList<>();
		for (EncounterCoding.Ranked r : ranked) {
			if (!r.source().equals(source.reference())) {
				continue;
			}
			for (CodeSuggestions.Evidence e : r.suggestion().evidence()) {
				if (e.end() <= source.text().length()) {
					spans.add(new Span(e.start(), e.end(), r.code(), r.suggestion().statusCode().equals("current")));
				}
			}
		}
		spans.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end));
		List<Segment> out = new ArrayList<>();
		int at = 0;
		for (int i = 0; i < spans.size(); i++) {
			Span span = spans.get(i);
			if (span.start() < at) {
				continue; // inside an earlier mark
			}
			int end = span.end();
			java.util.Set<String> codes = new java.util.LinkedHashSet<>(List.of(span.code()));
			boolean current = span.current();
			for (int j = i + 1; j < spans.size() && spans.get(j).start() < end; j++) {
				end = Math.max(end, spans.get(j).end());
				codes.add(spans.get(j).code());
				current |= spans.get(j).current();
			}
			out.add(new Segment(source.text().substring(at, span.start()), null, false));
			out.add(new Segment(source.text().substring(span.start(), end), String.join(" ", codes), !current));
			at = end;
		}
		out.add(new Segment(source.text().substring(at), null, false));
		return out;
	}

}
