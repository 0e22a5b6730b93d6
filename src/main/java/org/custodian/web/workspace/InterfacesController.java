package org.custodian.web.workspace;

import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.ingest.hl7.Hl7Feed;
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
 * The interface monitor for HIM: HL7 v2 messages per feed and what became of them, and the error queue,
 * each message shown as it came, corrected here and replayed. Every look and replay is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class InterfacesController {

	/** A kept message with its segments one per line, to be read and corrected. */
	record Shown(Hl7Feed.Kept kept, String text) {}

	private final WorkspaceAccess access;
	private final Hl7Feed feed;
	private final ScreenAudit audit;

	InterfacesController(WorkspaceAccess access, Hl7Feed feed, ScreenAudit audit) {
		this.access = access;
		this.feed = feed;
		this.audit = audit;
	}

	@GetMapping("/interfaces")
	String monitor(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<Hl7Feed.Kept> errors = feed.errors(context, 100);
		// The raw messages name patients the monitor cannot resolve without applying them: recorded as the messages shown.
		audit.record(context, 'R', "interface-monitor", List.of(), null, errors.size() + " messages in error shown: " + String
				.join(" ", errors.stream().map(k -> String.valueOf(k.id())).toList()));
		model.addAttribute("counts", feed.counts(context));
		model.addAttribute("errors", errors.stream().map(k -> new Shown(k, k.raw().replace("\r", "\n").strip())).toList());
		model.addAttribute("section", "home");
		return "workspace/interfaces";
	}

	@PostMapping("/interfaces/messages/{id}/replay")
	String replay(@PathVariable long id, @RequestParam(defaultValue = "") String message, Authentication signedIn,
			HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		Hl7Feed.Received r = feed.replay(context, id, message.isBlank() ? null : message);
		audit.record(context, 'U', "interface-replay", r.written().stream().filter(w -> w.startsWith("Patient/")).toList(), null,
				"message " + id + ": " + r.status());
		redirect.addFlashAttribute("done", "Message " + id + (r.status().equals("processed") ? " applied." : " is still in error: "
				+ r.error()));
		return "redirect:/interfaces";
	}
}
