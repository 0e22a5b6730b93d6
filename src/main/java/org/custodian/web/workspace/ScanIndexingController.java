package org.custodian.web.workspace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.ingest.scan.ScannedDocuments;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The document indexing queue for HIM: scanned paper uploaded (a file or a batch), each scan's pages
 * as read and checked, the suggested patient and type with the reasons, the file itself to look at,
 * and filing to the chart or setting aside. Every look is recorded.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class ScanIndexingController {

	private final WorkspaceAccess access;
	private final ScannedDocuments scans;
	private final ScreenAudit audit;

	ScanIndexingController(WorkspaceAccess access, ScannedDocuments scans, ScreenAudit audit) {
		this.access = access;
		this.scans = scans;
		this.audit = audit;
	}

	@GetMapping("/interfaces/scans")
	String queue(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<ScannedDocuments.Scan> waiting = scans.queue(context, 50);
		List<ScannedDocuments.Scan> done = scans.done(context, 30);
		List<String> patients = new ArrayList<>();
		waiting.forEach(s -> add(patients, s.suggestedPatient()));
		done.forEach(s -> add(patients, s.patient()));
		audit.record(context, 'R', "scan-indexing", patients.stream().distinct().toList(), null, waiting.size()
				+ " scans waiting shown: " + String.join(" ", waiting.stream().map(s -> String.valueOf(s.id())).toList()));
		model.addAttribute("waiting", waiting);
		model.addAttribute("finished", done);
		model.addAttribute("types", ScannedDocuments.documentTypes());
		model.addAttribute("section", "home");
		return "workspace/scans";
	}

	private static void add(List<String> patients, @org.jspecify.annotations.Nullable String patient) {
		if (patient != null) {
			patients.add(patient);
		}
	}

	@PostMapping("/interfaces/scans")
	String upload(@RequestParam("files") List<MultipartFile> files, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) throws IOException {
		AccessContext context = access.of(signedIn, request);
		List<ScannedDocuments.Upload> uploads = new ArrayList<>();
		for (MultipartFile f : files) {
			if (!f.isEmpty()) {
				uploads.add(new ScannedDocuments.Upload(f.getOriginalFilename() == null ? "scan" : f.getOriginalFilename(),
						f.getContentType() == null ? "application/octet-stream" : f.getContentType(), f.getBytes()));
			}
		}
		List<Long> ids = scans.upload(context, uploads);
		audit.record(context, 'C', "scan-upload", List.of(), null, ids.size() + " files kept: " + ids);
		redirect.addFlashAttribute("done", ids.size() + (ids.size() == 1 ? " file kept" : " files kept")
				+ "; each is read within a few seconds and then waits below.");
		return "redirect:/interfaces/scans";
	}

	/** What a scan may be shown as in the browser; anything else is downloaded, never rendered on the workspace's site. */
	private static final java.util.Set<String> SHOWN = java.util.Set.of("application/pdf", "image/png", "image/jpeg", "image/gif",
			"image/tiff", "image/bmp");

	@GetMapping("/interfaces/scans/{id}/file")
	ResponseEntity<byte[]> file(@PathVariable long id, Authentication signedIn, HttpServletRequest request) {
		AccessContext context = access.of(signedIn, request);
		ScannedDocuments.Scan scan = scans.get(context, id);
		byte[] content = scans.content(context, id);
		String patient = scan.patient() != null ? scan.patient() : scan.suggestedPatient();
		audit.record(context, 'R', "scan-view", patient == null ? List.of() : List.of(patient), null, "scan " + id + " viewed");
		String type = scan.contentType().toLowerCase(java.util.Locale.ROOT).split(";")[0].strip();
		boolean shown = SHOWN.contains(type);
		// The uploader's browser named the type: only a document or an image type is shown as such, and nosniff keeps the
		// browser from guessing another (an uploaded page of script must never run on the workspace's site).
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(shown ? MediaType.parseMediaType(type)
				: MediaType.APPLICATION_OCTET_STREAM).header("Content-Disposition", (shown ? "inline" : "attachment")
						+ "; filename=\"scan-" + id + "\"").header("X-Content-Type-Options", "nosniff").header("Cache-Control",
								"no-store");
		if (!type.equals("application/pdf")) {
			answer.header("Content-Security-Policy", "sandbox"); // (the browser's PDF viewer does not open sandboxed)
		}
		return answer.body(content);
	}

	@PostMapping("/interfaces/scans/{id}/file")
	String fileTo(@PathVariable long id, @RequestParam String patient, @RequestParam String type, Authentication signedIn,
			HttpServletRequest request, RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		String filed = scans.file(context, id, patient.strip(), type);
		redirect.addFlashAttribute("done", "Scan " + id + " filed as " + filed + ".");
		return "redirect:/interfaces/scans";
	}

	@PostMapping("/interfaces/scans/{id}/set-aside")
	String setAside(@PathVariable long id, @RequestParam String reason, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		scans.setAside(context, id, reason);
		audit.record(context, 'U', "scan-set-aside", List.of(), null, "scan " + id + ": " + reason);
		redirect.addFlashAttribute("done", "Scan " + id + " set aside.");
		return "redirect:/interfaces/scans";
	}
}
