package org.custodian.support;

/**
 * Stable error codes, rendered as {@code CUS-nnnn} in every OperationOutcome, page and CLI message.
 * Clients and runbooks may match on them: a code is never renumbered, and a retired code is never
 * reused. Ranges: 1xxx input, 2xxx record store, 3xxx transactions, 4xxx import, 5xxx access,
 * 6xxx release of information, 7xxx coding, 8xxx chart completion, 9xxx internal.
 */
public enum ErrorCode {
	MALFORMED_CONTENT(1001),
	INVALID_RESOURCE(1002),
	RESOURCE_TYPE_MISMATCH(1003),
	INVALID_ID(1004),
	ID_MISMATCH(1005),
	PAYLOAD_TOO_LARGE(1006),
	UNKNOWN_RESOURCE_TYPE(1007),
	INVALID_CONDITIONAL_URL(1008),
	UNSUPPORTED_SEARCH_PARAMETER(1009),
	INVALID_SEARCH_VALUE(1010),
	INVALID_VERSION(1011),
	UNKNOWN_VALUE_SET(1012),
	VALUE_SET_NOT_EXPANDABLE(1013),
	UNKNOWN_CODE_SYSTEM(1014),
	/** No patient has an identifier in the assigning authority named (IHE PIXm: sourceIdentifier's domain). */
	UNKNOWN_IDENTIFIER_DOMAIN(1015),
	/** A target assigning authority asked for that no patient has identifiers in (IHE PIXm: targetSystem). */
	UNKNOWN_TARGET_DOMAIN(1016),

	RESOURCE_NOT_FOUND(2001),
	RESOURCE_GONE(2002),
	VERSION_NOT_FOUND(2003),
	VERSION_CONFLICT(2004),
	REFERENCED_RESOURCE_MISSING(2005),
	DELETE_WHILE_REFERENCED(2006),
	CONDITIONAL_MULTIPLE_MATCHES(2007),
	CONCURRENT_WRITE(2008),
	/** A Patient being registered is most likely someone already registered (custodian.identity.on-registration=refuse). */
	LIKELY_DUPLICATE_PATIENT(2009),
	/** A patient merge that cannot be done as asked (the same chart, one already merged away, a chain). */
	MERGE_REFUSED(2010),
	/** A patient merge that would lose or confuse data: records hidden from the caller, conflicting active orders. */
	MERGE_WOULD_LOSE_DATA(2011),
	/** A merge that cannot be undone as asked (already undone, or a later merge built on it still stands). */
	UNMERGE_REFUSED(2012),
	/** A write refers to a patient merged into another chart: it must refer to the chart that replaced it. */
	PATIENT_MERGED(2013),

	BUNDLE_INVALID(3001),
	BUNDLE_ENTRY_FAILED(3002),
	UNRESOLVED_PLACEHOLDER(3003),

	IMPORT_FAILED(4001),
	/** An HL7 v2 message that cannot be taken as asked (replaying one that was applied, an empty message). */
	INGEST_REFUSED(4002),

	ACCESS_UNAUTHENTICATED(5001),
	ACCESS_SCOPE_INSUFFICIENT(5002),
	ACCESS_OUTSIDE_PATIENT_CONTEXT(5003),
	ACCESS_UNKNOWN_CLIENT(5004),
	ACCESS_INVALID_REQUEST(5005),
	ACCESS_NO_TREATMENT_RELATIONSHIP(5006),
	ACCESS_SUSPENDED(5007),

	ACCOUNT_PASSWORD_POLICY(5101),
	ACCOUNT_INVALID(5102),
	ACCOUNT_EXISTS(5103),
	CLIENT_REGISTRATION_INVALID(5104),
	ACCOUNT_UNKNOWN(5105),

	/** A request for records that cannot be taken as given (no requester, a date in the future, a second extension). */
	ROI_REQUEST_INVALID(6001),
	/** A release its legal-basis decision does not allow (held or refused). */
	ROI_RELEASE_REFUSED(6002),

	/** A terminology request that cannot be answered as given (no code, a malformed date, a file that is no release). */
	TERMINOLOGY_REQUEST_INVALID(7001),
	/** No release of the code system is in force on the date asked about. */
	NO_RELEASE_IN_FORCE(7002),
	/** A claim that cannot be built or released as asked (no final coding; scrubber errors remain). */
	CLAIM_INVALID(7101),

	/** A signed entry changed or deleted: it is corrected by an addendum or a replacing entry instead. */
	ENTRY_SIGNED(8001),
	/** A signature that cannot be made as asked (not the author, no supervisor named, signed already). */
	SIGNATURE_REFUSED(8002),
	/** A chart-completion request that cannot be taken as given (a rule's period out of range, an unknown status). */
	COMPLETION_REQUEST_INVALID(8003),

	/** A retention schedule, legal hold or disposition request that cannot be acted on as asked (issue 12). */
	RETENTION_REQUEST_INVALID(8101),
	/** Destruction refused: the chart is on legal hold, not yet past its retention date, or referred to from outside. */
	DESTRUCTION_REFUSED(8102),

	INTERNAL(9001),
	DATABASE_UNAVAILABLE(9002),
	/** An access could not be recorded in the audit trail, so its answer was withheld. */
	AUDIT_UNAVAILABLE(9003);

	private final int number;

	ErrorCode(int number) {
		this.number = number;
	}

	public String code() {
		return "CUS-" + number;
	}

	@Override
	public String toString() {
		return code();
	}
}
