package org.custodian.web.workspace;

import java.util.List;
import java.util.stream.Collectors;

import org.custodian.access.Role;
import org.custodian.account.AccountProperties;
import org.custodian.account.UserAccount;
import org.custodian.support.CustodianException;
import org.custodian.chart.Screens;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The frame around every workspace page: who is signed in and in which roles, the navigation their
 * roles allow, how long until an idle session ends (for the warning), and one error page that says
 * what went wrong in words and with its stable code.
 */
@ControllerAdvice(annotations = WorkspaceScreen.class)
@ConditionalOnWebApplication
class WorkspaceFrame {

	/** The person at the keyboard, as the frame shows them. */
	record Me(String username, String displayName, String roles, List<Navigation.Item> navigation) {}

	private final WorkspaceAccess access;
	private final AccountProperties properties;

	WorkspaceFrame(WorkspaceAccess access, AccountProperties properties) {
		this.access = access;
		this.properties = properties;
	}

	@ModelAttribute
	void frame(Authentication signedIn, Model model) {
		UserAccount account = access.account(signedIn);
		model.addAttribute("me", new Me(account.username(), account.displayName(),
				account.roles().stream().map(Role::externalName).sorted().collect(Collectors.joining(", ")),
				Navigation.forRoles(account.roles())));
		model.addAttribute("idleSeconds", properties.idleTimeout().toSeconds());
	}

	@ExceptionHandler(CustodianException.class)
	String failed(CustodianException e, Authentication signedIn, HttpServletResponse response, Model model) {
		frame(signedIn, model);
		response.setStatus(Screens.status(e));
		model.addAttribute("message", e.getMessage());
		model.addAttribute("code", e.code().toString());
		return "workspace/problem";
	}
}
