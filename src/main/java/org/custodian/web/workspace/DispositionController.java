package org.custodian.web.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.chart.PatientNames;
import org.custodian.retention.DestructionCertificates;
import org.custodian.retention.Disposition;
import org.custodian.support.CustodianException;
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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The disposition queue for HIM: the charts past retention with their dates and reasons, and the
 * decision on each, kept to a later review or destroyed. Destruction cannot be undone, so it is
 * asked for on a page of its own that shows what will go (the chart's date, holds, contents and
 * anything outside it that refers into it) and wants the chart's id typed; a refusal is shown there
 * in words. Then the certificates of destruction, each laid out to print. Every look is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class DispositionController {

	/** How many charts past retention the queue shows at once (and the work queues count). */
	static final int QUEUE = 200;
	private static final JsonFactory JSON = new JsonFactory();

	/** One count of a certificate's contents: resources and versions of a type, or a feature's rows. */
	record Count(String name, int count, int versions) {}

	/** A certificate's JSON contents, read for the page. */
	record Contents(int resources, int versions, List<Count> byType, List<Count> otherRows) {}

	private final WorkspaceAccess access;
	private final Disposition disposition;
	private final DestructionCertificates certificates;
	private final PatientNames names;
	private final ScreenAudit audit;
	private final Clock clock;

	DispositionController(WorkspaceAccess access, Disposition disposition, DestructionCertificates certificates,
			PatientNames names, ScreenAudit audit, Clock clock) {
		this.clock = clock;
		this.access = access;
		this.disposition = disposition;
		this.certificates = certificates;
		this.names = names;
		this.audit = audit;
	}

	@GetMapping("/retention")
	String retention() {
		return "redirect:/retention/disposition";
	}

	@GetMapping("/retention/disposition")
	String queue(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<Disposition.Due> due = disposition.queue(context, QUEUE);
		List<String> patients = due.stream().map(d -> "Patient/" + d.patient()).toList();
		audit.record(context, 'R', "disposition-queue", patients, null, due.size() + " charts past retention shown");
		model.addAttribute("due", due);
		model.addAttribute("most", QUEUE);
		model.addAttribute("held", disposition.heldPastRetention());
		model.addAttribute("names", names.of(context, patients));
		model.addAttribute("tomorrow", LocalDate.now(clock).plusDays(1));
		return RetentionController.tab(model, "disposition");
	}

	@PostMapping("/retention/disposition/{patient}/keep")
	String keep(@PathVariable String patient, @RequestParam(defaultValue = "") String until,
			@RequestParam(defaultValue = "") String reason, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		try {
			LocalDate day = LocalDate.parse(until.strip());
			disposition.keep(context, patient, day, reason);
			audit.record(context, 'U', "disposition-keep", List.of("Patient/" + patient), null, "kept until " + day);
			redirect.addFlashAttribute("done", "Patient/" + patient + " is kept until " + day
					+ ", when it comes back to this queue.");
		} catch (DateTimeParseException e) {
			redirect.addFlashAttribute("error", "Keeping a chart needs the day of its next review, such as 2030-01-31.");
		} catch (CustodianException.Invalid e) {
			redirect.addFlashAttribute("error", e.getMessage());
		}
		return "redirect:/retention/disposition";
	}

	@GetMapping("/retention/disposition/{patient}/destroy")
	String confirm(@PathVariable String patient, Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		Disposition.Preview preview = disposition.preview(context, patient);
		audit.record(context, 'R', "destruction-preview", List.of("Patient/" + patient), null, preview.resources()
				+ " resources, " + preview.versions() + " versions");
		model.addAttribute("p", preview);
		model.addAttribute("names", names.of(context, List.of("Patient/" + patient)));
		model.addAttribute("today", LocalDate.now(clock));
		RetentionController.tab(model, "disposition");
		return "workspace/retention-destroy";
	}

	@PostMapping("/retention/disposition/{patient}/destroy")
	String destroy(@PathVariable String patient, @RequestParam(defaultValue = "") String typed, Authentication signedIn,
			HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		if (!typed.strip().equals(patient)) {
			redirect.addFlashAttribute("error", "Nothing was destroyed: type the chart's id, " + patient
					+ ", exactly, to confirm that it is this chart.");
			return "redirect:/retention/disposition/" + patient + "/destroy";
		}
		DestructionCertificates.Certificate certificate;
		try {
			certificate = disposition.destroy(context, patient);
		} catch (CustodianException.Conflict | CustodianException.Invalid e) {
			// Refused, and recorded as refused by the service: a hold, a date to come, a later review, records outside.
			redirect.addFlashAttribute("error", "Nothing was destroyed. " + e.getMessage());
			return "redirect:/retention/disposition/" + patient + "/destroy";
		}
		audit.record(context, 'D', "disposition-destroy", List.of("Patient/" + patient), null, "certificate "
				+ certificate.number());
		redirect.addFlashAttribute("done", "The chart is destroyed. This certificate of destruction is kept permanently.");
		return "redirect:/retention/certificates/" + certificate.number();
	}

	@GetMapping("/retention/certificates")
	String certificates(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<DestructionCertificates.Certificate> all = certificates.all(context);
		// The charts are gone: the certificates name them by id and record number only, as the audit trail does.
		audit.record(context, 'R', "destruction-certificates", List.of(), null, all.size() + " certificates listed");
		model.addAttribute("certificates", all);
		return RetentionController.tab(model, "certificates");
	}

	@GetMapping("/retention/certificates/{number}")
	String certificate(@PathVariable String number, Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		DestructionCertificates.Certificate c = certificates.byNumber(context, number);
		audit.record(context, 'R', "destruction-certificate", List.of(), null, "certificate " + c.number() + " of Patient/"
				+ c.patient());
		model.addAttribute("c", c);
		model.addAttribute("contents", contents(c.contents()));
		model.addAttribute("intact", c.intact());
		RetentionController.tab(model, "certificates");
		return "workspace/retention-certificate";
	}

	/**
	 * Reads a certificate's contents: {@code {"resources":n,"versions":n,"resourcesByType":{..},
	 * "versionsByType":{..},"otherRows":{..}}}, as {@link Disposition} writes them.
	 */
	static Contents contents(String json) {
		Map<String, Object> top = new LinkedHashMap<>();
		try (JsonParser parser = JSON.createParser(json)) {
			read(parser, top);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		Map<String, Integer> resources = counts(top.get("resourcesByType"));
		Map<String, Integer> versions = counts(top.get("versionsByType"));
		List<Count> byType = new ArrayList<>();
		resources.forEach((type, n) -> byType.add(new Count(type, n, versions.getOrDefault(type, 0))));
		List<Count> other = new ArrayList<>();
		counts(top.get("otherRows")).forEach((feature, n) -> other.add(new Count(feature, n, 0)));
		return new Contents(top.get("resources") instanceof Integer n ? n : 0, top.get("versions") instanceof Integer n ? n : 0,
				byType, other);
	}

	/** An object's fields: numbers as integers, objects as maps. */
	private static void read(JsonParser parser, Map<String, Object> into) throws IOException {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			return;
		}
		readFields(parser, into);
	}

	private static void readFields(JsonParser parser, Map<String, Object> into) throws IOException {
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (value == JsonToken.START_OBJECT) {
				Map<String, Object> inner = new LinkedHashMap<>();
				readFields(parser, inner);
				into.put(name, inner);
			} else if (value == JsonToken.VALUE_NUMBER_INT) {
				into.put(name, parser.getIntValue());
			} else {
				parser.skipChildren();
			}
		}
	}

	private static Map<String, Integer> counts(@Nullable Object value) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		if (value instanceof Map<?, ?> map) {
			map.forEach((k, v) -> {
				if (v instanceof Integer n) {
					counts.put(String.valueOf(k), n);
				}
			});
		}
		return counts;
	}
}
