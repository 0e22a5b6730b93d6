package org.custodian.support;

/**
 * The only exceptions the core throws on purpose. Each kind maps to one HTTP status at the FHIR
 * edge and to one page at the web edge; the message is written for the person who sent the input
 * and is part of the API, so it names the element, id or parameter at fault.
 */
public abstract sealed class CustodianException extends RuntimeException {

	private final ErrorCode code;

	protected CustodianException(ErrorCode code, String message) {
		super(message);
		this.code = code;
	}

	protected CustodianException(ErrorCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	public ErrorCode code() {
		return code;
	}

	/** The same failure with {@code context} put before the message (e.g. which bundle entry). */
	public CustodianException withContext(String context) {
		String m = context + ": " + getMessage();
		CustodianException e;
		if (this instanceof Unprocessable u) {
			e = new Unprocessable(code, m, u.issues());
		} else if (this instanceof NotFound) {
			e = new NotFound(code, m);
		} else if (this instanceof Gone) {
			e = new Gone(code, m);
		} else if (this instanceof Conflict) {
			e = new Conflict(code, m);
		} else if (this instanceof PreconditionFailed) {
			e = new PreconditionFailed(code, m);
		} else if (this instanceof TooLarge) {
			e = new TooLarge(code, m);
		} else if (this instanceof Forbidden) {
			e = new Forbidden(code, m);
		} else if (this instanceof Unauthenticated) {
			e = new Unauthenticated(code, m);
		} else {
			e = new Invalid(code, m, this);
		}
		return e;
	}

	/** The input is wrong (400). */
	public static final class Invalid extends CustodianException {
		public Invalid(ErrorCode code, String message) {
			super(code, message);
		}

		public Invalid(ErrorCode code, String message, Throwable cause) {
			super(code, message, cause);
		}
	}

	/**
	 * The input is well formed but breaks the specification's rules (422); {@link #issues()} lists
	 * every violation found, each with the element it concerns.
	 */
	public static final class Unprocessable extends CustodianException {
		private final java.util.List<Issue> issues;

		public Unprocessable(ErrorCode code, String message, java.util.List<Issue> issues) {
			super(code, message);
			this.issues = java.util.List.copyOf(issues);
		}

		public java.util.List<Issue> issues() {
			return issues;
		}
	}

	/** One problem in the input, at a FHIRPath-like location such as {@code Observation.status}. */
	public record Issue(String location, String message) {}

	/** No such resource or version (404). */
	public static final class NotFound extends CustodianException {
		public NotFound(ErrorCode code, String message) {
			super(code, message);
		}
	}

	/** The resource existed and was deleted (410). */
	public static final class Gone extends CustodianException {
		public Gone(ErrorCode code, String message) {
			super(code, message);
		}
	}

	/** The write collides with the stored state (409). */
	public static final class Conflict extends CustodianException {
		public Conflict(ErrorCode code, String message) {
			super(code, message);
		}
	}

	/** A precondition the client stated does not hold: stale If-Match, ambiguous condition (412). */
	public static final class PreconditionFailed extends CustodianException {
		public PreconditionFailed(ErrorCode code, String message) {
			super(code, message);
		}
	}

	/** The request body is larger than the configured limit (413). */
	public static final class TooLarge extends CustodianException {
		public TooLarge(ErrorCode code, String message) {
			super(code, message);
		}
	}

	/** No valid credentials: the caller is not known (401). */
	public static final class Unauthenticated extends CustodianException {
		public Unauthenticated(ErrorCode code, String message) {
			super(code, message);
		}
	}

	/** Access denied by the access gate (403). */
	public static final class Forbidden extends CustodianException {
		public Forbidden(ErrorCode code, String message) {
			super(code, message);
		}
	}
}
