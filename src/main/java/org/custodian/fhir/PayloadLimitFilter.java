package org.custodian.fhir;

import java.io.IOException;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.custodian.support.JsonNumberGuard;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses request bodies over the configured limit with 413, before they are parsed: by
 * Content-Length when the client declares it, and by counting bytes as they are read otherwise.
 */
final class PayloadLimitFilter implements Filter {

	/**
	 * Request attribute holding the {@link CustodianException} for a body refused while it streamed
	 * in (too large without a declared length, or a JSON number too big to parse). HAPI reports read
	 * failures as a plain 400 without the cause, so the error mapper looks here first.
	 */
	static final String REFUSED = PayloadLimitFilter.class.getName() + ".refused";

	private final long limit;
	private final FhirContext ctx;

	PayloadLimitFilter(long limit, FhirContext ctx) {
		this.limit = limit;
		this.ctx = ctx;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			HttpServletResponse response = (HttpServletResponse) res;
			response.setStatus(413);
			response.setContentType("application/fhir+json;charset=utf-8");
			response.getWriter().write(ctx.newJsonParser().encodeResourceToString(ErrorMappingInterceptor.outcome(
					ErrorCode.PAYLOAD_TOO_LARGE, IssueType.TOOLONG, message(declared))));
			return;
		}
		String type = request.getContentType();
		boolean json = type != null && type.toLowerCase().contains("json");
		chain.doFilter(new Limited(request, json ? new JsonNumberGuard() : null), res);
	}

	private String message(long size) {
		return "The request body (at least " + size + " bytes) is larger than the limit of " + limit
				+ " bytes (custodian.fhir.max-payload-bytes)";
	}

	/** Thrown while reading a refused body; the reason is in the request attribute {@link #REFUSED}. */
	static final class Refused extends IOException {
		Refused(CustodianException reason) {
			super(reason.getMessage(), reason);
		}
	}

	private final class Limited extends HttpServletRequestWrapper {
		private final JsonNumberGuard guard;

		Limited(HttpServletRequest request, JsonNumberGuard guard) {
			super(request);
			this.guard = guard;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream in = super.getInputStream();
			return new ServletInputStream() {
				private long read;

				@Override
				public int read() throws IOException {
					int b = in.read();
					count(b < 0 ? 0 : 1);
					if (b >= 0) {
						guard(b);
					}
					return b;
				}

				@Override
				public int read(byte[] buf, int off, int len) throws IOException {
					int n = in.read(buf, off, len);
					count(Math.max(n, 0));
					for (int i = 0; i < n; i++) {
						guard(buf[off + i]);
					}
					return n;
				}

				private void guard(int b) throws Refused {
					if (guard != null && !guard.accept(b)) {
						refuse(new CustodianException.Invalid(ErrorCode.MALFORMED_CONTENT, JsonNumberGuard.refusal()));
					}
				}

				private void count(int n) throws Refused {
					read += n;
					if (read > limit) {
						refuse(new CustodianException.TooLarge(ErrorCode.PAYLOAD_TOO_LARGE, message(read)));
					}
				}

				private void refuse(CustodianException reason) throws Refused {
					setAttribute(REFUSED, reason);
					throw new Refused(reason);
				}

				@Override
				public boolean isFinished() {
					return in.isFinished();
				}

				@Override
				public boolean isReady() {
					return in.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					in.setReadListener(listener);
				}
			};
		}
	}
}
