package org.custodian.fhir;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Compartment searches ({@code GET [base]/Patient/123/Observation?…}) become ordinary searches of
 * the target type with an internal {@code _compartment=Patient/123} parameter, which the search
 * compiles from the compartment definition. HAPI's plain server binds compartment searches only
 * through per-type annotations, which one generic provider per type cannot declare.
 */
final class CompartmentPathFilter implements Filter {

	private static final Pattern PATH = Pattern.compile("/([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})/([A-Z][A-Za-z]+)(/_search)?/?");

	private final FhirContext ctx;

	CompartmentPathFilter(FhirContext ctx) {
		this.ctx = ctx;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		String path = request.getRequestURI().substring(request.getContextPath().length() + request.getServletPath().length());
		Matcher m = PATH.matcher(path);
		if (m.matches() && ctx.getResourceTypes().contains(m.group(1)) && ctx.getResourceTypes().contains(m.group(3))) {
			chain.doFilter(new Rewritten(request, m.group(3) + (m.group(4) == null ? "" : m.group(4)),
					m.group(1) + "/" + m.group(2)), res);
			return;
		}
		chain.doFilter(req, res);
	}

	/** The same request, addressed to the target type, carrying the compartment as a parameter. */
	private static final class Rewritten extends HttpServletRequestWrapper {
		private final String pathInfo;
		private final String compartment;

		Rewritten(HttpServletRequest request, String target, String compartment) {
			super(request);
			this.pathInfo = "/" + target;
			this.compartment = compartment;
		}

		@Override
		public String getPathInfo() {
			return pathInfo;
		}

		@Override
		public String getRequestURI() {
			return getContextPath() + getServletPath() + pathInfo;
		}

		@Override
		public StringBuffer getRequestURL() {
			StringBuffer url = new StringBuffer(super.getRequestURL());
			url.setLength(url.length() - super.getRequestURI().length());
			return url.append(getRequestURI());
		}

		@Override
		public String getQueryString() {
			String q = super.getQueryString();
			return (q == null || q.isEmpty() ? "" : q + "&") + "_compartment=" + compartment;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			Map<String, String[]> params = new LinkedHashMap<>(super.getParameterMap());
			params.put("_compartment", new String[] {compartment});
			return Collections.unmodifiableMap(params);
		}

		@Override
		public String getParameter(String name) {
			return name.equals("_compartment") ? compartment : super.getParameter(name);
		}

		@Override
		public String[] getParameterValues(String name) {
			return name.equals("_compartment") ? new String[] {compartment} : super.getParameterValues(name);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(getParameterMap().keySet());
		}
	}
}
