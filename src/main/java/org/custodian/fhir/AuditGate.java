package org.custodian.fhir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Holds back each FHIR answer until its audit record is committed, while the answer is being
 * written: {@link AuditInterceptor} starts the record's commit just before the answer is written
 * and leaves it {@link #PENDING} on the request; what is written meanwhile stays in memory, and goes
 * out as soon as the record is committed (or once {@link #HELD_AT_MOST} bytes are waiting, after it
 * is). So the commit's WAL flush overlaps writing the answer instead of preceding it, and still no
 * byte leaves unrecorded: if the record cannot be kept, the caller gets a 500 instead.
 */
final class AuditGate implements Filter {

	private static final Logger log = LoggerFactory.getLogger(AuditGate.class);
	static final String PENDING = AuditGate.class.getName() + ".pending";
	static final int HELD_AT_MOST = 256 * 1024;

	/** Leaves {@code pending} on {@code request}, for the gate to wait for. */
	static void pending(HttpServletRequest request, CompletableFuture<Void> pending) {
		request.setAttribute(PENDING, pending);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)) {
			chain.doFilter(request, response);
			return;
		}
		Held held = new Held(http, answer);
		try {
			chain.doFilter(request, held);
		} finally {
			held.release();
		}
	}

	/** The answer, held until the request's audit record is committed. */
	static final class Held extends HttpServletResponseWrapper {
		private final HttpServletRequest request;
		private final HttpServletResponse real;
		private final ByteArrayOutputStream waiting = new ByteArrayOutputStream();
		private boolean open;
		private boolean failed;
		private @Nullable Stream stream;
		private @Nullable PrintWriter writer;

		Held(HttpServletRequest request, HttpServletResponse real) {
			super(real);
			this.request = request;
			this.real = real;
		}

		private @Nullable CompletableFuture<?> pending() {
			return (CompletableFuture<?>) request.getAttribute(PENDING);
		}

		/** Opens the gate if nothing is pending or the record is committed; waits for it if {@code wait}. */
		private void openIfRecorded(boolean wait) throws IOException {
			if (open || failed) {
				return;
			}
			CompletableFuture<?> pending = pending();
			if (pending != null && !pending.isDone() && !wait) {
				return;
			}
			if (pending != null) {
				try {
					pending.get();
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					failed = true;
				} catch (ExecutionException e) {
					log.error("The audit record of a FHIR request could not be kept; its answer is withheld", e.getCause());
					failed = true;
				}
			}
			if (failed) {
				throw new IOException("The audit record could not be kept; the answer is withheld");
			}
			open = true;
			if (waiting.size() > 0) {
				waiting.writeTo(real.getOutputStream());
				waiting.reset();
			}
		}

		/** After the request: waits for the record if need be, then lets out what is held, or answers 500. */
		void release() throws IOException {
			if (writer != null) {
				writer.flush();
			}
			try {
				openIfRecorded(true);
			} catch (IOException e) {
				withheld();
				return;
			}
			if (stream != null) {
				real.getOutputStream().flush();
			}
		}

		private void withheld() throws IOException {
			waiting.reset();
			if (real.isCommitted()) {
				return; // nothing of it went out: only what was written before the record was pending
			}
			real.reset();
			real.setStatus(500);
			real.setContentType("application/fhir+json;charset=UTF-8");
			real.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":"
					+ "\"exception\",\"details\":{\"coding\":[{\"system\":\"" + ErrorMappingInterceptor.ERROR_SYSTEM + "\","
					+ "\"code\":\"" + ErrorCode.AUDIT_UNAVAILABLE.code() + "\"}]},\"diagnostics\":\"The access could not be recorded in the audit trail, so its"
					+ " answer is withheld. Try again.\"}]}");
			real.flushBuffer();
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (writer != null) {
				throw new IllegalStateException("getWriter() was already called");
			}
			if (stream == null) {
				stream = new Stream();
			}
			return stream;
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (writer == null) {
				if (stream != null) {
					throw new IllegalStateException("getOutputStream() was already called");
				}
				stream = new Stream();
				String charset = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
				writer = new PrintWriter(new OutputStreamWriter(stream, Charset.forName(charset)));
			}
			return writer;
		}

		@Override
		public void flushBuffer() throws IOException {
			if (writer != null) {
				writer.flush();
			}
			if (open) {
				real.flushBuffer();
			}
		}

		@Override
		public void resetBuffer() {
			waiting.reset();
			super.resetBuffer();
		}

		@Override
		public void reset() {
			waiting.reset();
			super.reset();
		}

		@Override
		public void setContentLength(int len) {
			// HAPI may set it; the held bytes go out in full, so it stays right.
			super.setContentLength(len);
		}

		/** The body: held in memory until the gate opens, then straight through. */
		private final class Stream extends ServletOutputStream {

			@Override
			public void write(int b) throws IOException {
				write(new byte[] {(byte) b}, 0, 1);
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				openIfRecorded(false);
				if (open) {
					real.getOutputStream().write(b, off, len);
					return;
				}
				waiting.write(b, off, len);
				if (waiting.size() >= HELD_AT_MOST) {
					openIfRecorded(true);
				}
			}

			@Override
			public void flush() throws IOException {
				openIfRecorded(false);
				if (open) {
					real.getOutputStream().flush();
				}
			}

			@Override
			public void close() throws IOException {
				flush(); // the container closes the real stream once the request is done, after release()
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
				throw new UnsupportedOperationException("The FHIR API answers synchronously");
			}
		}
	}
}
