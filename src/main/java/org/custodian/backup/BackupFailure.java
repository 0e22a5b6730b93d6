package org.custodian.backup;

/**
 * A backup or restore that cannot go on, with a message for the operator that says why and what to
 * do; whatever was changed before it is said in the message.
 */
public final class BackupFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public BackupFailure(String message) {
		super(message);
	}

	public BackupFailure(String message, Throwable cause) {
		super(message, cause);
	}
}
