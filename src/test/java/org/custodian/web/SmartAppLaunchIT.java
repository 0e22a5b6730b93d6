package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.GrantStore;
import org.custodian.account.RegisteredApps;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;

/**
 * SMART App Launch against the running server, driven as a browser and an app would: authorize,
 * sign in (password, then a one-time code where the account has one), choose a patient or bring an
 * EHR launch, approve, exchange the code with its PKCE verifier, use and refresh the token.
 */
class SmartAppLaunchIT extends ServerTest {

	private static final String PASSWORD = "correct horse battery staple";
	private static final String REDIRECT = "https://app.example/callback";

	@Autowired
	ApplicationEventPublisher events;
	@Autowired
	Accounts accounts;
	@Autowired
	RegisteredApps apps;
	@Autowired
	GrantStore grants;
	@Autowired
	SignInController signInPages;
	@Autowired
	RegisteredClientRepository clients;

	private String mine;
	private String mineFamily;
	private String theirs;
	private String theirsFamily;

	@BeforeEach
	void twoPatients() {
		mineFamily = "Own" + unique();
		theirsFamily = "Other" + unique();
		mine = create(mineFamily);
		theirs = create(theirsFamily);
	}

	@Test
	void patientAppObtainsTokenLimitedToOwnRecord() throws Exception {
		String user = patientUser(mine);
		String app = publicApp("patient/*.rs launch/patient openid fhirUser offline_access");
		Flow flow = new Flow(app);

		Map<String, Object> token = flow.signInAndApprove(user, null, "patient/*.rs launch/patient openid fhirUser offline_access");

		assertThat(token.get("patient")).isEqualTo(mine);
		assertThat(token.get("scope").toString().split(" ")).contains("patient/*.rs", "launch/patient");
		assertThat(token).containsKeys("id_token", "refresh_token");
		assertThat(SignedJWT.parse((String) token.get("id_token")).getJWTClaimsSet().getStringClaim("fhirUser"))
				.isEqualTo("Patient/" + mine);
		assertThat(new Browser(origin()).get("/.well-known/openid-configuration").body()).contains("/oauth2/jwks");
		java.net.http.HttpResponse<String> userinfo = java.net.http.HttpClient.newHttpClient().send(
				java.net.http.HttpRequest.newBuilder(URI.create(origin() + "/userinfo"))
						.header("Authorization", "Bearer " + token.get("access_token")).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
		assertThat(userinfo.body()).contains(user);
		FhirHttp app1 = fhir.as((String) token.get("access_token"));
		assertThat(app1.get("Patient/" + mine).status()).isEqualTo(200);
		FhirHttp.Response other = app1.get("Patient/" + theirs);
		assertThat(other.status()).isEqualTo(404);
		assertThat(other.body()).doesNotContain(theirsFamily);
	}

	@Test
	void publicAppRefreshesAndItsOldRefreshTokenStopsWorking() throws Exception {
		String user = patientUser(mine);
		Flow flow = new Flow(publicApp("patient/*.rs launch/patient offline_access"));
		String refresh = (String) flow.signInAndApprove(user, null, "patient/*.rs launch/patient offline_access")
				.get("refresh_token");

		Browser.Page refreshed = flow.browser.post("/oauth2/token", Browser.fields("grant_type", "refresh_token",
				"refresh_token", refresh, "client_id", flow.app));
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		Map<String, Object> renewed = JSONObjectUtils.parse(refreshed.body());
		assertThat(renewed.get("patient")).isEqualTo(mine);
		assertThat(renewed.get("refresh_token")).isNotEqualTo(refresh);

		Browser.Page replayed = flow.browser.post("/oauth2/token", Browser.fields("grant_type", "refresh_token",
				"refresh_token", refresh, "client_id", flow.app));
		assertThat(replayed.status()).isEqualTo(400);
		assertThat(replayed.body()).contains("invalid_grant").doesNotContain("access_token").doesNotContain(mineFamily).doesNotContain(theirsFamily);
	}

	@Test
	void replayingARotatedRefreshTokenEndsTheWholeGrant() throws Exception {
		Flow flow = new Flow(publicApp("patient/*.rs launch/patient offline_access"));
		String stolen = (String) flow.signInAndApprove(patientUser(mine), null, "patient/*.rs launch/patient offline_access")
				.get("refresh_token");
		Map<String, Object> app = JSONObjectUtils.parse(flow.browser.post("/oauth2/token", Browser.fields("grant_type",
				"refresh_token", "refresh_token", stolen, "client_id", flow.app)).body());

		Browser.Page thief = flow.browser.post("/oauth2/token", Browser.fields("grant_type", "refresh_token",
				"refresh_token", stolen, "client_id", flow.app));
		Browser.Page appRefreshes = flow.browser.post("/oauth2/token", Browser.fields("grant_type", "refresh_token",
				"refresh_token", (String) app.get("refresh_token"), "client_id", flow.app));

		assertThat(thief.status()).isEqualTo(400);
		assertThat(appRefreshes.status()).as("the grant was ended").isEqualTo(400);
		assertThat(appRefreshes.body()).doesNotContain("access_token").doesNotContain(mineFamily);
		FhirHttp.Response read = fhir.as((String) app.get("access_token")).get("Patient/" + mine);
		assertThat(read.status()).isEqualTo(401);
		assertThat(read.body()).doesNotContain(mineFamily);
	}

	@Test
	void noRefreshTokenWithoutOfflineOrOnlineAccess() throws Exception {
		Flow flow = new Flow(publicApp("patient/*.rs launch/patient"));

		Map<String, Object> token = flow.signInAndApprove(patientUser(mine), null, "patient/*.rs launch/patient");

		assertThat(token).doesNotContainKey("refresh_token");
	}

	@Test
	void confidentialAppCannotRefreshWithoutItsSecret() throws Exception {
		Flow flow = confidentialApp("patient/*.rs launch/patient offline_access");
		String refresh = (String) flow.signInAndApprove(patientUser(mine), null, "patient/*.rs launch/patient offline_access")
				.get("refresh_token");

		Browser.Page refused = flow.browser.post("/oauth2/token", Browser.fields("grant_type", "refresh_token",
				"refresh_token", refresh, "client_id", flow.app));

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).contains("invalid_client").doesNotContain("access_token").doesNotContain(mineFamily).doesNotContain(theirsFamily);
	}

	@Test
	void refusesAuthorizationCodeWithoutPkceForPublicClient() {
		String app = publicApp("patient/*.rs launch/patient");
		Browser browser = new Browser(origin());
		browser.get("/oauth2/authorize?response_type=code&client_id=" + app + "&redirect_uri=" + Browser.enc(REDIRECT)
				+ "&scope=" + Browser.enc("patient/*.rs") + "&state=s1");
		signIn(browser, patientUser(mine), null);

		Browser.Page authorize = browser.get("/oauth2/authorize?response_type=code&client_id=" + app + "&redirect_uri="
				+ Browser.enc(REDIRECT) + "&scope=" + Browser.enc("patient/*.rs") + "&state=s1");

		assertThat(authorize.status()).isIn(302, 400);
		if (authorize.status() == 302) {
			assertThat(authorize.location()).startsWith(REDIRECT);
			assertThat(authorize.locationParameter("error")).isEqualTo("invalid_request");
			assertThat(authorize.locationParameter("code")).isNull();
		}
		assertThat(authorize.body()).doesNotContain(mineFamily);
	}

	@Test
	void refusesAuthorizationForAnotherFhirServer() {
		String user = patientUser(mine);
		Flow flow = new Flow(publicApp("patient/*.rs launch/patient"));
		flow.browser.get("/signin");
		signIn(flow.browser, user, null);

		Browser.Page authorize = flow.browser.get(flow.authorizeUrl("patient/*.rs launch/patient", "")
				.replace(Browser.enc(fhir.base()), Browser.enc("https://counterfeit.example/fhir")));

		assertThat(authorize.status()).isIn(302, 400);
		if (authorize.status() == 302) {
			assertThat(authorize.locationParameter("code")).isNull();
			assertThat(authorize.locationParameter("error")).isEqualTo("invalid_request");
		}
	}

	@Test
	void refusesPlainPkce() {
		Flow flow = new Flow(publicApp("patient/*.rs launch/patient"));
		flow.browser.get("/signin");
		signIn(flow.browser, patientUser(mine), null);

		Browser.Page authorize = flow.browser.get(flow.authorizeUrl("patient/*.rs launch/patient", "")
				.replace("code_challenge_method=S256", "code_challenge_method=plain"));

		assertThat(authorize.status()).isIn(302, 400);
		if (authorize.status() == 302) {
			assertThat(authorize.locationParameter("code")).isNull();
			assertThat(authorize.locationParameter("error")).isEqualTo("invalid_request");
		}
		assertThat(authorize.body()).doesNotContain(mineFamily);
	}

	@Test
	void refusesCodeExchangeWithTheWrongVerifier() throws Exception {
		String user = patientUser(mine);
		Flow flow = new Flow(publicApp("patient/*.rs launch/patient"));
		String code = flow.code(user, null, "patient/*.rs launch/patient");

		Browser.Page token = flow.exchange(code, "a-different-verifier-that-is-long-enough-0123456789");

		assertThat(token.status()).isEqualTo(400);
		assertThat(token.body()).contains("invalid_grant").doesNotContain("access_token").doesNotContain(mineFamily).doesNotContain(theirsFamily);
	}

	@Test
	void appMayAskForANarrowerScopeThanRegistered() throws Exception {
		Flow flow = new Flow(publicApp("patient/*.rs launch/patient"));

		Map<String, Object> token = flow.signInAndApprove(patientUser(mine), null, "patient/Patient.rs launch/patient");

		assertThat(token.get("scope").toString().split(" ")).contains("patient/Patient.rs").doesNotContain("patient/*.rs");
		assertThat(fhir.as((String) token.get("access_token")).get("Patient/" + mine).status()).isEqualTo(200);
	}

	@Test
	void patientCannotObtainUserOrSystemScopes() throws Exception {
		String user = patientUser(mine);
		Flow flow = new Flow(publicApp("patient/*.rs user/*.rs launch/patient"));

		Map<String, Object> token = flow.signInAndApprove(user, null, "patient/*.rs user/*.rs launch/patient");

		assertThat(token.get("scope").toString().split(" ")).contains("patient/*.rs").doesNotContain("user/*.rs");
		assertThat(SignedJWT.parse((String) token.get("access_token")).getJWTClaimsSet().getStringClaim("scope"))
				.doesNotContain("user/");
	}

	@Test
	void privilegedUserSignsInWithTotpAndChoosesThePatient() throws Exception {
		String name = "him-" + unique();
		Enrolment enrolment = accounts.add(name, "HIM clerk", Set.of(Role.HIM), null, PASSWORD);
		Flow flow = new Flow(publicApp("patient/*.rs user/*.rs launch/patient openid fhirUser"));

		Map<String, Object> token = flow.signInAndApprove(name, enrolment, "patient/*.rs launch/patient");

		assertThat(token.get("patient")).isEqualTo(theirs);
		assertThat(SignedJWT.parse((String) token.get("access_token")).getJWTClaimsSet().getStringListClaim("roles"))
				.containsExactly("him");
		assertThat(fhir.as((String) token.get("access_token")).get("Patient/" + theirs).status()).isEqualTo(200);
		assertThat(fhir.as((String) token.get("access_token")).get("Patient/" + mine).status()).isEqualTo(404);
	}

	@Test
	void refusesReusedTotpCodeAtSignIn() {
		String name = "po-" + unique();
		Enrolment enrolment = accounts.add(name, "", Set.of(Role.PRIVACY_OFFICER), null, PASSWORD);
		String code = currentCode(enrolment);
		Browser first = new Browser(origin());
		first.get("/signin");
		assertThat(signIn(first, name, code).status()).isEqualTo(200);

		Browser second = new Browser(origin());
		second.get("/signin");
		Browser.Page replay = signIn(second, name, code);

		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.body()).contains("already used");
	}

	@Test
	void signInSessionEndsAfterTheIdleTimeOut() {
		String user = patientUser(mine);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/signin");
		request.getSession(true);
		try {
			String view = signInPages.signIn(user, PASSWORD, request, new MockHttpServletResponse(), new ExtendedModelMap());

			assertThat(view).isEqualTo("signin/done");
			assertThat(request.getSession().getMaxInactiveInterval()).as("custodian.accounts.idle-timeout, 15 minutes")
					.isEqualTo(15 * 60);
		} finally {
			SecurityContextHolder.clearContext();
		}
	}

	@Test
	void signingOutEndsTheSessionAndIsRecorded() {
		String user = patientUser(mine);
		Browser browser = new Browser(origin());
		Browser.Page done = signIn(browser, user, null);
		assertThat(done.status()).as(done.body()).isLessThan(400);
		Browser.Page page = browser.get(done.location() == null ? "/signin" : done.location());
		Browser.Page out = browser.post("/signin/signout", Browser.fields("_csrf", page.csrf()));
		assertThat(out.location()).endsWith("/signin?signedout");
		assertThat(browser.get("/smart/launch").location()).as("signed out: sent to sign in again").endsWith("/signin");
		assertThat(jdbc.queryForList("select detail from audit_event where category = 'login' and subtype = 'sign-out'"
				+ " and actor = ?", String.class, user)).containsExactly("signed out");
	}

	@Test
	void aSessionEndedByTheIdleTimeOutIsRecorded() {
		String user = patientUser(mine);
		org.springframework.mock.web.MockHttpSession session = new org.springframework.mock.web.MockHttpSession();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
				user, null, List.of()));
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
		events.publishEvent(new org.springframework.security.web.session.HttpSessionDestroyedEvent(session));
		assertThat(jdbc.queryForList("select detail from audit_event where category = 'login' and subtype = 'sign-out'"
				+ " and actor = ?", String.class, user)).containsExactly("session ended after the idle time-out");
	}

	@Test
	void lockedAccountIsToldToWaitEvenWithTheRightPassword() {
		String user = patientUser(mine);
		Browser browser = new Browser(origin());
		for (int i = 0; i < 5; i++) {
			browser.post("/signin", Browser.fields("username", user, "password", "wrong " + i, "_csrf",
					browser.get("/signin").csrf()));
		}

		Browser.Page locked = browser.post("/signin", Browser.fields("username", user, "password", PASSWORD, "_csrf",
				browser.get("/signin").csrf()));

		assertThat(locked.status()).isEqualTo(401);
		assertThat(locked.body()).contains("locked").doesNotContain(mineFamily);
	}

	@Test
	void wrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
		Browser browser = new Browser(origin());
		Browser.Page form = browser.get("/signin");

		String nobody = "nobody-" + unique();
		Browser.Page refused = browser.post("/signin", Browser.fields("username", nobody, "password",
				"whatever it is", "_csrf", form.csrf()));

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).contains("The username or password is not right.");
		assertThat(jdbc.queryForList("select detail from audit_event where category = 'login' and subtype = 'sign-in'"
				+ " and outcome = 4 and actor = ?", String.class, nobody)).as("a failed sign-in, in the audit trail")
				.containsExactly("unknown user");
	}

	@Test
	void signInFormRefusesAPostWithoutCsrfToken() {
		String user = patientUser(mine);
		Browser browser = new Browser(origin());

		Browser.Page refused = browser.post("/signin", Browser.fields("username", user, "password", PASSWORD));

		assertThat(refused.status()).isEqualTo(403);
	}

	@Test
	void ehrLaunchGivesTheLaunchedPatientAndIsUsedOnce() throws Exception {
		String clinician = "doc-" + unique();
		accounts.add(clinician, "Dr Who", Set.of(Role.CLINICIAN), "Practitioner/" + unique(), PASSWORD);
		String app = publicApp("launch user/*.rs patient/*.rs openid fhirUser");
		Flow flow = new Flow(app);
		flow.browser.get("/signin");
		signIn(flow.browser, clinician, null);
		Browser.Page launched = flow.browser.post("/smart/launch", Browser.fields("patient", theirs, "_csrf",
				flow.browser.get("/signin").csrf()));
		assertThat(launched.status()).as(launched.body()).isEqualTo(200);
		String launch = (String) JSONObjectUtils.parse(launched.body()).get("launch");

		Map<String, Object> token = flow.approveWithLaunch(launch, "launch patient/*.rs openid fhirUser");

		assertThat(token.get("patient")).isEqualTo(theirs);
		Flow again = new Flow(app);
		again.browser.get("/signin");
		signIn(again.browser, clinician, null);
		String code = again.authorizeAndApprove("&launch=" + launch, "launch patient/*.rs");
		Browser.Page reused = again.exchange(code, again.verifier);
		assertThat(reused.status()).as("a launch is used once").isEqualTo(400);
		assertThat(reused.body()).doesNotContain("access_token").doesNotContain(theirsFamily).doesNotContain(theirs);
	}

	@Test
	void launchMadeByOneUserIsUselessToAnother() throws Exception {
		String maker = "doc-" + unique();
		accounts.add(maker, "Dr A", Set.of(Role.CLINICIAN), "Practitioner/" + unique(), PASSWORD);
		String other = "doc-" + unique();
		accounts.add(other, "Dr B", Set.of(Role.CLINICIAN), "Practitioner/" + unique(), PASSWORD);
		String app = publicApp("launch patient/*.rs");
		Browser makerBrowser = new Browser(origin());
		signIn(makerBrowser, maker, null);
		String launch = (String) JSONObjectUtils.parse(makerBrowser.post("/smart/launch", Browser.fields("patient", theirs,
				"_csrf", makerBrowser.get("/signin").csrf())).body()).get("launch");

		Flow flow = new Flow(app);
		signIn(flow.browser, other, null);
		Browser.Page token = flow.exchange(flow.authorizeAndApprove("&launch=" + launch, "launch patient/*.rs"), flow.verifier);

		assertThat(token.status()).isEqualTo(400);
		assertThat(token.body()).contains("invalid_request").doesNotContain("access_token").doesNotContain(theirs)
				.doesNotContain(theirsFamily);
	}

	@Test
	void revokedRefreshTokenCannotBeUsed() throws Exception {
		String user = patientUser(mine);
		Flow flow = confidentialApp("patient/*.rs launch/patient offline_access");
		String app = flow.app;
		String secret = flow.secret;
		Map<String, Object> token = flow.signInAndApprove(user, null, "patient/*.rs launch/patient offline_access");
		String refresh = (String) token.get("refresh_token");
		assertThat(refresh).isNotNull();

		Browser.Page refreshed = flow.browser.post("/oauth2/token", Browser.fields("grant_type", "refresh_token",
				"refresh_token", refresh, "client_id", app, "client_secret", secret));
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		Map<String, Object> renewed = JSONObjectUtils.parse(refreshed.body());
		assertThat(renewed.get("patient")).isEqualTo(mine);
		String rotated = (String) renewed.get("refresh_token");

		Browser.Page revoke = flow.browser.post("/oauth2/revoke", Browser.fields("token", rotated, "client_id", app,
				"client_secret", secret));
		assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);

		Browser.Page refused = flow.browser.post("/oauth2/token", Browser.fields("grant_type", "refresh_token",
				"refresh_token", rotated, "client_id", app, "client_secret", secret));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("invalid_grant").doesNotContain("access_token").doesNotContain(mineFamily).doesNotContain(theirsFamily);
		assertThat(fhir.as((String) renewed.get("access_token")).get("Patient/" + mine).status())
				.as("the access token went with it").isEqualTo(401);
	}

	@Test
	void disablingAUserEndsTheirAppsRefresh() throws Exception {
		String user = patientUser(mine);
		Flow flow = confidentialApp("patient/*.rs launch/patient offline_access");
		Map<String, Object> token = flow.signInAndApprove(user, null, "patient/*.rs launch/patient offline_access");

		accounts.setEnabled(user, false);
		Browser.Page refused = flow.browser.post("/oauth2/token", Browser.fields("grant_type", "refresh_token",
				"refresh_token", (String) token.get("refresh_token"), "client_id", flow.app, "client_secret", flow.secret));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("invalid_grant").doesNotContain("access_token").doesNotContain(mineFamily).doesNotContain(theirsFamily);
	}

	@Test
	void refreshTokenOutlivesTheProcessThatIssuedIt() throws Exception {
		String user = patientUser(mine);
		Map<String, Object> token = confidentialApp("patient/*.rs launch/patient offline_access").signInAndApprove(user, null, "patient/*.rs launch/patient offline_access");

		// A service built afresh, as after a restart, holds nothing in memory: it must find the grant in the database.
		OAuth2Authorization stored = grants.authorizations(clients).findByToken((String) token.get("refresh_token"),
				OAuth2TokenType.REFRESH_TOKEN);

		assertThat(stored).isNotNull();
		assertThat(stored.getPrincipalName()).isEqualTo(user);
		assertThat(stored.getAuthorizedScopes()).contains("patient/*.rs", "offline_access");
	}

	/** One app's authorization code flow in one browser. */
	private final class Flow {
		final Browser browser = new Browser(origin());
		final String app;
		final String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		final String secret;

		Flow(String app) {
			this(app, null);
		}

		Flow(String app, String secret) {
			this.app = app;
			this.secret = secret;
		}

		Map<String, Object> signInAndApprove(String user, Enrolment enrolment, String scope) throws Exception {
			Browser.Page code = exchange(code(user, enrolment, scope), verifier);
			assertThat(code.status()).as(code.body()).isEqualTo(200);
			return JSONObjectUtils.parse(code.body());
		}

		Map<String, Object> approveWithLaunch(String launch, String scope) throws Exception {
			Browser.Page token = exchange(authorizeAndApprove("&launch=" + launch, scope), verifier);
			assertThat(token.status()).as(token.body()).isEqualTo(200);
			return JSONObjectUtils.parse(token.body());
		}

		String code(String user, Enrolment enrolment, String scope) {
			Browser.Page start = browser.get(authorizeUrl(scope, ""));
			assertThat(start.status()).isEqualTo(302);
			assertThat(start.location()).endsWith("/signin");
			Browser.Page signedIn = signIn(browser, user, enrolment == null ? null : currentCode(enrolment));
			assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
			Browser.Page next = browser.get(signedIn.location());
			if (next.status() == 302 && next.location().contains("/signin/patient")) {
				Browser.Page picker = browser.get(next.location());
				assertThat(picker.status()).isEqualTo(200);
				String continueTo = URI.create(next.location()).getRawQuery().substring("continue=".length());
				Browser.Page chosen = browser.post("/signin/patient", Browser.fields("continue",
						java.net.URLDecoder.decode(continueTo, StandardCharsets.UTF_8), "patient", theirs, "_csrf", picker.csrf()));
				next = browser.get(chosen.location());
			}
			return approve(next);
		}

		String authorizeAndApprove(String extra, String scope) {
			return approve(browser.get(authorizeUrl(scope, extra)));
		}

		private String approve(Browser.Page toConsent) {
			assertThat(toConsent.status()).as(toConsent.body()).isEqualTo(302);
			if (toConsent.location().startsWith(REDIRECT)) {
				return toConsent.locationParameter("code");
			}
			Browser.Page consent = browser.get(toConsent.location());
			assertThat(consent.status()).as(consent.body()).isEqualTo(200);
			String state = consent.body().replaceAll("(?s).*name=\"state\" value=\"([^\"]+)\".*", "$1");
			StringBuilder form = new StringBuilder("client_id=" + Browser.enc(app) + "&state=" + Browser.enc(state));
			for (String scope : toConsent.locationParameter("scope").split(" ")) {
				form.append("&scope=").append(Browser.enc(scope));
			}
			Browser.Page approved = browser.postRaw("/oauth2/authorize", form.toString());
			assertThat(approved.status()).as(approved.body()).isEqualTo(302);
			assertThat(approved.location()).startsWith(REDIRECT);
			assertThat(approved.locationParameter("state")).isEqualTo("app-state");
			return approved.locationParameter("code");
		}

		Browser.Page exchange(String code, String codeVerifier) {
			Map<String, String> form = Browser.fields("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
					"client_id", app, "code_verifier", codeVerifier);
			if (secret != null) {
				form.put("client_secret", secret);
			}
			return browser.post("/oauth2/token", form);
		}

		String authorizeUrl(String scope, String extra) {
			return "/oauth2/authorize?response_type=code&client_id=" + app + "&redirect_uri=" + Browser.enc(REDIRECT)
					+ "&scope=" + Browser.enc(scope) + "&state=app-state&aud=" + Browser.enc(fhir.base())
					+ "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256" + extra;
		}
	}

	/** Password, then (when {@code code} is given) the one-time code; the last response. */
	private Browser.Page signIn(Browser browser, String user, String code) {
		Browser.Page form = browser.get("/signin");
		Browser.Page afterPassword = browser.post("/signin", Browser.fields("username", user, "password", PASSWORD, "_csrf",
				form.csrf()));
		if (code == null) {
			return afterPassword;
		}
		assertThat(afterPassword.location()).endsWith("/signin/code");
		Browser.Page codeForm = browser.get("/signin/code");
		return browser.post("/signin/code", Browser.fields("code", code, "_csrf", codeForm.csrf()));
	}

	private String patientUser(String patientId) {
		String name = "pat-" + unique();
		accounts.add(name, "A patient", Set.of(Role.PATIENT), "Patient/" + patientId, PASSWORD);
		return name;
	}

	private String publicApp(String scopes) {
		String app = "app-" + unique();
		tokens.registerClient(app, "test app", Set.of(Role.PATIENT), List.of(scopes.split(" ")));
		apps.configure(app, List.of(REDIRECT), true, false, null, Set.of("authorization_code", "refresh_token"));
		return app;
	}

	/** A confidential app (a client secret) that may have refresh tokens, in its own browser. */
	private Flow confidentialApp(String scopes) {
		String app = "conf-" + unique();
		tokens.registerClient(app, "test app", Set.of(Role.PATIENT), List.of(scopes.split(" ")));
		return new Flow(app, apps.configure(app, List.of(REDIRECT), false, true, null,
				Set.of("authorization_code", "refresh_token")));
	}

	private String create(String family) {
		FhirHttp.Response r = fhir.post("Patient", Fixtures.patient(family, "Ann"));
		return new IdType(r.header("Location")).getIdPart();
	}

	private static String challenge(String verifier) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String currentCode(Enrolment enrolment) {
		return org.custodian.account.TotpCodes.now(enrolment, Instant.now());
	}

	private String origin() {
		return "http://127.0.0.1:" + port;
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}
}
