package org.custodian.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Standalone launch with {@code launch/patient} by a signed-in member of staff: before the
 * authorization request is accepted, they choose the patient ({@code /signin/patient}), which comes
 * back as a launch id bound to them. A patient never chooses: their own record is the context.
 */
final class PatientPicker extends OncePerRequestFilter {

	private final Accounts accounts;

	PatientPicker(Accounts accounts) {
		this.accounts = accounts;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String scope = request.getParameter("scope");
		return !"GET".equals(request.getMethod()) || !"/oauth2/authorize".equals(request.getRequestURI())
				|| request.getParameter("launch") != null || scope == null
				|| Arrays.stream(scope.split(" ")).noneMatch("launch/patient"::equals);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		boolean staff = user != null && user.isAuthenticated() && accounts.find(user.getName())
				.map(a -> !a.roles().contains(Role.PATIENT)).orElse(false);
		if (!staff) {
			chain.doFilter(request, response);
			return;
		}
		String next = request.getRequestURI() + "?" + request.getQueryString();
		response.sendRedirect("/signin/patient?continue=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
	}
}
