package org.custodian.web.workspace;

import java.io.IOException;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.ingest.ccda.CcdaImport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
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
 * Import results for HIM: C-CDA documents from other providers uploaded (one or several at once), what
 * became of each (imported into whose chart, what was written, what stayed only in the document, or
 * why it was refused), and the unmatched ones attached to the right patient.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class DocumentImportsController {

	private final WorkspaceAccess access;
	private final CcdaImport imports;
	private final ScreenAudit audit;

	DocumentImportsController(WorkspaceAccess access, CcdaImport imports, ScreenAudit audit) {
		this.access = access;
		this.imports = imports;
		this.audit = audit;
	}

	@GetMapping("/interfaces/documents")
	String results(Authentication signedIn, HttpServletRequest request, Model model) {
		AccessContext context = access.of(signedIn, request);
		List<CcdaImport.Kept> recent = imports.recent(context, 100);
		audit.record(context, 'R', "document-imports", recent.stream().map(CcdaImport.Kept::patient).filter(
				java.util.Objects::nonNull).distinct().toList(), null, recent.size() + " imports shown");
		model.addAttribute("imports", recent);
		model.addAttribute("section", "home");
		return "workspace/document-imports";
	}

	@PostMapping("/interfaces/documents")
	String upload(@RequestParam("documents") List<MultipartFile> documents, @RequestParam(defaultValue = "") String patient,
			Authentication signedIn, HttpServletRequest request, RedirectAttributes redirect) throws IOException {
		AccessContext context = access.of(signedIn, request);
		StringBuilder said = new StringBuilder();
		int n = 0;
		for (MultipartFile file : documents) {
			if (file.isEmpty()) {
				continue;
			}
			n++;
			String name = file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
			CcdaImport.Result r = imports.receive(context, file.getBytes(), name, patient.isBlank() ? null : patient.strip());
			recordShown(context, "document-import", r);
			said.append(name).append(": ").append(r.status()).append(r.error() == null ? "" : " (" + r.error() + ")").append(r
					.candidates().isEmpty() ? "" : "; it may be " + String.join(", ", r.candidates().stream().map(c -> c.patient()
							+ " (" + c.grade() + ")").toList())).append(". ");
		}
		redirect.addFlashAttribute("done", n == 0 ? "Choose one or more C-CDA documents to import." : said.toString().strip());
		return "redirect:/interfaces/documents";
	}

	@PostMapping("/interfaces/documents/{id}/attach")
	String attach(@PathVariable long id, @RequestParam String patient, Authentication signedIn, HttpServletRequest request,
			RedirectAttributes redirect) {
		AccessContext context = access.of(signedIn, request);
		CcdaImport.Result r = imports.attach(context, id, patient.strip());
		recordShown(context, "document-attach", r);
		redirect.addFlashAttribute("done", "Import " + id + ": " + r.status() + (r.error() == null ? "" : " (" + r.error()
				+ ")"));
		return "redirect:/interfaces/documents";
	}

	/** What an import told the clerk (its chart; for one unmatched, the charts it might be) is recorded as shown. */
	private void recordShown(AccessContext context, String subtype, CcdaImport.Result r) {
		List<String> patients = new java.util.ArrayList<>(r.candidates().stream().map(CcdaImport.Candidate::patient).toList());
		if (r.patient() != null) {
			patients.add(r.patient());
		}
		audit.record(context, 'C', subtype, patients, null, "import " + r.id() + ": " + r.status());
	}
}
