package org.custodian.web.workspace;

import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.account.UserAccount;
import org.custodian.disclosure.ReleasePackages;
import org.custodian.disclosure.RightOfAccess;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/** A patient's copy of their own whole record, downloaded at once ({@link RightOfAccess}). */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class OwnCopyController {

	private final WorkspaceAccess access;
	private final RightOfAccess rightOfAccess;
	private final ScreenAudit audit;

	OwnCopyController(WorkspaceAccess access, RightOfAccess rightOfAccess, ScreenAudit audit) {
		this.access = access;
		this.rightOfAccess = rightOfAccess;
		this.audit = audit;
	}

	@GetMapping("/chart/mine/copy")
	ResponseEntity<byte[]> copy(@RequestParam(defaultValue = "pdf") String format, Authentication signedIn,
			HttpServletRequest request) {
		AccessContext context = access.of(signedIn, request);
		UserAccount me = access.account(signedIn);
		String asked = format.equals("fhir") || format.equals("ccda") ? format : "pdf";
		ReleasePackages.Content c = rightOfAccess.copy(context, asked);
		audit.record(context, 'R', "own-record-copy", me.ownPatientId() == null ? List.of()
				: List.of("Patient/" + me.ownPatientId()), null, asked);
		return ResponseEntity.ok().header("Content-Type", c.contentType())
				.header("Content-Disposition", "attachment; filename=\"my-record" + ReleasePackages.Content.extension(asked) + "\"")
				.body(c.bytes());
	}
}
