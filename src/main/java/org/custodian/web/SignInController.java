package org.custodian.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.custodian.account.AccountProperties;
import org.custodian.account.Accounts;
import org.custodian.account.ScopeGrants;
import org.custodian.account.SignIn;
import org.custodian.account.UserAccount;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The pages a person sees when an app sends them to sign in: username and password, then a code
 * from their authenticator when their account has one, then the approval of what the app asked for
 * (and, for staff launching an app on their own, which patient). Messages never say whether a
 * username exists. A signed-in session ends after {@code custodian.accounts.idle-timeout} idle.
 */
@Controller
@ConditionalOnWebApplication
class SignInController {

	/** The user whose password was accepted and who must now give a code. */
	private static final String PENDING = SignInController.class.getName() + ".pending";

	private final Accounts accounts;
	private final AccountProperties properties;
	private final EhrLaunches launches;
	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
	private final RequestCache requests = new HttpSessionRequestCache();

	SignInController(Accounts accounts, AccountProperties properties, EhrLaunches launches) {
		this.accounts = accounts;
		this.properties = properties;
		this.launches = launches;
	}

	@GetMapping("/signin")
	String signInForm() {
		return "signin/password";
	}

	@PostMapping("/signin")
	String signIn(@RequestParam String username, @RequestParam String password, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		SignIn result = accounts.checkPassword(username, password);
		return switch (result.outcome()) {
			case SIGNED_IN -> complete(result.account(), false, request, response);
			case SECOND_FACTOR_NEEDED -> {
				request.getSession().setAttribute(PENDING, result.account().username());
				yield "redirect:/signin/code";
			}
			case LOCKED -> refuse(model, response, "This account is locked after too many failed attempts. Try again later.",
					"signin/password");
			case REFUSED -> refuse(model, response, "The username or password is not right.", "signin/password");
		};
	}

	@GetMapping("/signin/code")
	String codeForm(HttpSession session) {
		return session.getAttribute(PENDING) == null ? "redirect:/signin" : "signin/code";
	}

	@PostMapping("/signin/code")
	String code(@RequestParam String code, HttpServletRequest request, HttpServletResponse response, Model model) {
		HttpSession session = request.getSession();
		Object pending = session.getAttribute(PENDING);
		if (pending == null) {
			return "redirect:/signin";
		}
		SignIn result = accounts.checkSecondFactor(pending.toString(), code);
		return switch (result.outcome()) {
			case SIGNED_IN -> {
				session.removeAttribute(PENDING);
				yield complete(result.account(), true, request, response);
			}
			case LOCKED -> {
				session.removeAttribute(PENDING);
				yield refuse(model, response, "This account is locked after too many failed attempts. Try again later.",
						"signin/password");
			}
			default -> refuse(model, response, "The code is not right, or was already used. Wait for the next code.",
					"signin/code");
		};
	}

	/** The approval page the authorization server sends the user to. */
	@GetMapping("/signin/consent")
	String consent(@RequestParam("client_id") String clientId, @RequestParam String scope, @RequestParam String state,
			Authentication user, Model model) {
		UserAccount account = accounts.find(user.getName()).orElseThrow();
		List<String> allowed = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		for (String s : scope.split(" ")) {
			if (s.equals("openid")) {
				continue;
			}
			(ScopeGrants.allowedForUser(s, account.roles()) ? allowed : refused).add(s);
		}
		model.addAttribute("clientId", clientId);
		model.addAttribute("state", state);
		model.addAttribute("scopes", allowed);
		model.addAttribute("refused", refused);
		model.addAttribute("user", account.displayName());
		return "signin/consent";
	}

	/** Standalone launch by staff: which patient the app opens. */
	@GetMapping("/signin/patient")
	String patientForm(@RequestParam("continue") String next, Model model) {
		model.addAttribute("next", next);
		return "signin/patient";
	}

	@PostMapping("/signin/patient")
	String patient(@RequestParam("continue") String next, @RequestParam String patient, Authentication user) {
		if (!next.startsWith("/oauth2/authorize?") || !patient.matches("[A-Za-z0-9.-]{1,64}")) {
			return "redirect:/signin";
		}
		return "redirect:" + next + "&launch=" + launches.mint(user.getName(), patient);
	}

	/**
	 * EHR launch: a signed-in user (from the record system's own screens) asks for a launch id for
	 * a patient, and opens the app with it.
	 */
	@PostMapping("/smart/launch")
	@ResponseBody
	Map<String, String> launch(@RequestParam String patient, Authentication user) {
		if (!patient.matches("[A-Za-z0-9.-]{1,64}")) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Not a patient id");
		}
		return Map.of("launch", launches.mint(user.getName(), patient), "patient", patient);
	}

	private String complete(UserAccount account, boolean withCode, HttpServletRequest request, HttpServletResponse response) {
		// A new session id on sign-in, so one planted before it (session fixation) is worthless.
		request.changeSessionId();
		request.getSession().setMaxInactiveInterval((int) properties.idleTimeout().toSeconds());
		// The factors say how and when the user proved who they are (the ID token's auth_time).
		Instant now = Instant.now();
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(now).build());
		if (withCode) {
			authorities.add(FactorGrantedAuthority.withAuthority("FACTOR_TOTP").issuedAt(now).build());
		}
		account.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.externalName())));
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account.username(), null, authorities));
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
		SavedRequest saved = requests.getRequest(request, response);
		requests.removeRequest(request, response);
		return saved == null ? "signin/done" : "redirect:" + saved.getRedirectUrl();
	}

	private static String refuse(Model model, HttpServletResponse response, String message, String view) {
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		model.addAttribute("error", message);
		return view;
	}
}
