package org.custodian.record.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The patients' data keys (table {@code patient_key}): one per chart, owner 0 for records in no one
 * patient's chart, each stored wrapped (AES-256-GCM, bound to its id and owner) by a master key.
 *
 * <p>A key made in a write's transaction is used by that transaction at once but offered to others only
 * after it commits: had it been cached before, a rolled-back write would leave later writes sealing with
 * a key that exists nowhere. Keys are held unwrapped in memory once used; destroying a chart removes
 * its key from the table and from memory ({@link #shred}).
 */
public final class DataKeys {

	/** The owner of the key for records that are in no one patient's chart. */
	public static final long SHARED = 0;
	private static final int CACHED = 200_000;
	private static final SecureRandom RANDOM = new SecureRandom();

	private record Key(long id, SecretKey key) {}

	private final JdbcTemplate jdbc;
	private final MasterKeys masters;
	private final Map<Long, Key> byOwner = new ConcurrentHashMap<>();
	private final Map<Long, SecretKey> byId = new ConcurrentHashMap<>();

	public DataKeys(JdbcTemplate jdbc, MasterKeys masters) {
		this.jdbc = jdbc;
		this.masters = masters;
	}

	/** The id and key that seal {@code owner}'s bodies, made (in the caller's transaction) if it has none. */
	long idFor(long owner) {
		return keyFor(owner).id();
	}

	SecretKey key(long keyId) {
		SecretKey key = byId.get(keyId);
		if (key != null) {
			return key;
		}
		List<SecretKey> found = jdbc.query("select owner_res_id, master_id, wrapped from patient_key where key_id = ?",
				(rs, n) -> unwrap(keyId, rs.getLong(1), rs.getString(2), rs.getBytes(3)), keyId);
		if (found.isEmpty()) {
			throw new IllegalStateException("Data key " + keyId + " no longer exists: the chart it sealed was destroyed");
		}
		remember(keyId, found.get(0));
		return found.get(0);
	}

	private Key keyFor(long owner) {
		Key cached = byOwner.get(owner);
		if (cached != null) {
			return cached;
		}
		Map<Long, Key> made = madeInThisTransaction();
		if (made != null && made.containsKey(owner)) {
			return made.get(owner);
		}
		Key stored = stored(owner);
		if (stored != null) {
			byOwner.put(owner, stored);
			return stored;
		}
		byte[] raw = new byte[32];
		RANDOM.nextBytes(raw);
		Long id = jdbc.queryForObject("select nextval('patient_key_key_id_seq')", Long.class);
		// Read once: a rotation between two reads would record one master key and wrap with the other.
		String master = masters.currentId();
		int inserted = jdbc.update("insert into patient_key (key_id, owner_res_id, master_id, wrapped) values (?, ?, ?, ?)"
				+ " on conflict (owner_res_id) do nothing", id, owner, master, wrap(id, owner, raw, master));
		if (inserted == 0) {
			return stored(owner); // another transaction made it first and has committed
		}
		Key key = new Key(id, new SecretKeySpec(raw, "AES"));
		remember(id, key.key());
		if (made != null) {
			made.put(owner, key);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					byOwner.put(owner, key);
				}
			});
		}
		return key;
	}

	/**
	 * Deletes the keys of {@code owners} (in the caller's transaction), and forgets them once it commits:
	 * every body they sealed, wherever a copy of it is, can then no longer be opened.
	 */
	public int shred(long[] owners) {
		Map<Long, Long> shredded = new java.util.LinkedHashMap<>();
		jdbc.query(con -> {
			var ps = con.prepareStatement("delete from patient_key where owner_res_id = any(?) returning key_id, owner_res_id");
			ps.setArray(1, con.createArrayOf("bigint", java.util.Arrays.stream(owners).boxed().toArray()));
			return ps;
		}, (org.springframework.jdbc.core.RowCallbackHandler) rs -> shredded.put(rs.getLong(1), rs.getLong(2)));
		List<Long> ids = List.copyOf(shredded.keySet());
		Runnable forget = () -> {
			for (long owner : owners) {
				byOwner.remove(owner);
			}
			ids.forEach(byId::remove);
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					forget.run();
				}
			});
		} else {
			forget.run();
		}
		return ids.size();
	}

	/** Re-wraps every data key with the current master key (after a rotation); bodies are not touched. */
	public int rewrap() {
		String current = masters.currentId();
		List<Object[]> rows = jdbc.query("select key_id, owner_res_id, master_id, wrapped from patient_key where master_id <> ?",
				(rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4)}, current);
		for (Object[] r : rows) {
			long id = (Long) r[0];
			long owner = (Long) r[1];
			byte[] raw = unwrap(id, owner, (String) r[2], (byte[]) r[3]).getEncoded();
			jdbc.update("update patient_key set master_id = ?, wrapped = ? where key_id = ?", current,
					wrap(id, owner, raw, current), id);
		}
		return rows.size();
	}

	private @Nullable Key stored(long owner) {
		List<Key> found = jdbc.query("select key_id, master_id, wrapped from patient_key where owner_res_id = ?",
				(rs, n) -> new Key(rs.getLong(1), unwrap(rs.getLong(1), owner, rs.getString(2), rs.getBytes(3))), owner);
		if (found.isEmpty()) {
			return null;
		}
		remember(found.get(0).id(), found.get(0).key());
		return found.get(0);
	}

	@SuppressWarnings("unchecked")
	private @Nullable Map<Long, Key> madeInThisTransaction() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		Map<Long, Key> made = (Map<Long, Key>) TransactionSynchronizationManager.getResource(this);
		if (made == null) {
			made = new HashMap<>();
			TransactionSynchronizationManager.bindResource(this, made);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(DataKeys.this);
				}
			});
		}
		return made;
	}

	private void remember(long id, SecretKey key) {
		if (byId.size() > CACHED) {
			byId.clear();
			byOwner.clear();
		}
		byId.put(id, key);
	}

	private byte[] wrap(long id, long owner, byte[] raw, String masterId) {
		byte[] nonce = new byte[12];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, masters.byId(masterId), new GCMParameterSpec(128, nonce));
			cipher.updateAAD(ByteBuffer.allocate(16).putLong(id).putLong(owner).array());
			byte[] sealed = cipher.doFinal(raw);
			return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("Cannot wrap data key " + id, e);
		}
	}

	private SecretKey unwrap(long id, long owner, String masterId, byte[] wrapped) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, masters.byId(masterId), new GCMParameterSpec(128, wrapped, 0, 12));
			cipher.updateAAD(ByteBuffer.allocate(16).putLong(id).putLong(owner).array());
			return new SecretKeySpec(cipher.doFinal(wrapped, 12, wrapped.length - 12), "AES");
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("Data key " + id + " does not open with master key " + masterId, e);
		}
	}
}
