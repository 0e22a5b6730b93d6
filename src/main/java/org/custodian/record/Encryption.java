package org.custodian.record;

import java.util.List;

import org.custodian.record.internal.DataKeys;
import org.custodian.record.internal.MasterKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Encryption at rest, for operators: what is sealed, and the rotation of the master key. A rotation
 * makes a new master key and re-wraps every data key with it in one transaction; no record body is
 * read or written, so it takes moments whatever the size of the store. The retired master key stays
 * in the key file (after the new one): backups taken before the rotation need it to be restored.
 */
@Component
public class Encryption {

	/**
	 * The master keys' file in {@code DATA_DIR/keys}. Backups leave it out: it is kept apart from them
	 * (escrowed), so that a backup alone opens no record, and a chart whose data key was shredded
	 * stays unreadable in the backups taken before.
	 */
	public static final String MASTER_KEYS_FILE = MasterKeys.FILE;

	/**
	 * The files of {@code DATA_DIR/keys} that are kept apart from backups, together: the master keys and
	 * the register of charts destroyed ({@link org.custodian.record.internal.DestroyedCharts}).
	 */
	public static final java.util.List<String> KEPT_APART = java.util.List.of(MasterKeys.FILE,
			org.custodian.record.internal.DestroyedCharts.FILE);

	/**
	 * The ids of the master keys a server on {@code keysDir} would have: those in its key file, or those
	 * configured through the environment ({@code CUSTODIAN_ENCRYPTION_MASTERKEY},
	 * {@code CUSTODIAN_ENCRYPTION_PREVIOUSMASTERKEYS}). For a restore to check before it writes anything.
	 */
	public static java.util.Set<String> masterKeysAvailable(java.nio.file.Path keysDir) {
		return MasterKeys.idsAvailable(keysDir.resolve(MasterKeys.FILE), System.getenv("CUSTODIAN_ENCRYPTION_MASTERKEY"),
				System.getenv("CUSTODIAN_ENCRYPTION_PREVIOUSMASTERKEYS"));
	}

	/** The state of encryption at rest, as {@code custodian encryption status} prints it. */
	public record Status(String currentMasterKey, List<String> masterKeys, long dataKeys, long sealedBodies,
			long plainBodies) {}

	private final MasterKeys masters;
	private final DataKeys keys;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate tx;

	Encryption(MasterKeys masters, DataKeys keys, JdbcTemplate jdbc, TransactionTemplate tx) {
		this.masters = masters;
		this.keys = keys;
		this.jdbc = jdbc;
		this.tx = tx;
	}

	public Status status() {
		Long dataKeys = jdbc.queryForObject("select count(*) from patient_key", Long.class);
		Long sealed = jdbc.queryForObject("select count(*) from resource_version where codec = 2", Long.class);
		Long plain = jdbc.queryForObject("select count(*) from resource_version where codec = 1 and body is not null",
				Long.class);
		return new Status(masters.currentId(), masters.ids(), dataKeys, sealed, plain);
	}

	/** Rotates the master key; answers the new key's id and how many data keys were re-wrapped. */
	public Rotation rotateMasterKey() {
		String id = masters.rotate();
		Integer rewrapped = tx.execute(s -> keys.rewrap());
		return new Rotation(id, rewrapped == null ? 0 : rewrapped);
	}

	public record Rotation(String masterKey, int rewrapped) {}
}
