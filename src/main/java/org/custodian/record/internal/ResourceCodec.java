package org.custodian.record.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import org.custodian.record.StoredJson;
import org.jspecify.annotations.Nullable;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;

/**
 * The one boundary resource bodies cross on their way to and from the database. Bodies are stored
 * as compact JSON without {@code meta.versionId} and {@code meta.lastUpdated} (those live in the
 * version row), so two versions with the same content have the same bytes. Compression and
 * encryption at rest are added here, under new codec numbers, without touching callers.
 */
public final class ResourceCodec {

	/** Codec 1: UTF-8 JSON as HAPI encodes it, uncompressed (PostgreSQL TOAST compresses large bodies). */
	public static final short JSON = 1;
	/** Codec 2: codec 1 sealed with the chart's data key ({@link BodyCipher}). */
	public static final short SEALED = 2;

	private final FhirContext ctx;
	private final @Nullable DataKeys keys;
	private final boolean seal;

	/** Bodies written as plain JSON (and sealed ones unreadable): for tools that never touch the store. */
	public ResourceCodec(FhirContext ctx) {
		this(ctx, null, false);
	}

	/** New bodies sealed with the charts' data keys. */
	public ResourceCodec(FhirContext ctx, DataKeys keys) {
		this(ctx, keys, true);
	}

	/** {@code seal} false: new bodies are written as plain JSON; those sealed before still open with {@code keys}. */
	public ResourceCodec(FhirContext ctx, @Nullable DataKeys keys, boolean seal) {
		this.ctx = ctx;
		this.keys = keys;
		this.seal = seal && keys != null;
	}

	/** The codec new versions are stored with. */
	short storedCodec() {
		return seal ? SEALED : JSON;
	}

	/** The bytes stored for {@code w}'s encoded body: sealed with {@code owner}'s data key when encryption is on. */
	byte @Nullable [] stored(PendingWrite w, long owner) {
		if (w.body() == null || !seal) {
			return w.body();
		}
		long keyId = keys.idFor(owner);
		return BodyCipher.seal(keyId, keys.key(keyId), w.body(), w.type(), w.id(), w.version());
	}

	/** Bytes kept beside the records ({@link org.custodian.record.Sealing}), sealed with {@code owner}'s data key. */
	public static byte[] sealBytes(DataKeys keys, long owner, byte[] plain, byte[] associated) {
		long keyId = keys.idFor(owner);
		return BodyCipher.seal(keyId, keys.key(keyId), plain, associated);
	}

	public static byte[] openBytes(DataKeys keys, byte[] sealed, byte[] associated) {
		return BodyCipher.open(keys.key(BodyCipher.keyId(sealed)), sealed, associated, "Sealed content");
	}

	/**
	 * A sealed body opened and sealed again with data key {@code keyId} (negative: the shared key), for a
	 * version whose chart's key is about to be shredded while the record itself is now another's.
	 */
	public byte[] reseal(byte[] sealed, String type, String id, int version, long keyId) {
		byte[] plain = plain(SEALED, sealed, type, id, version);
		long key = keyId < 0 ? keys.idFor(DataKeys.SHARED) : keyId;
		return BodyCipher.seal(key, keys.key(key), plain, type, id, version);
	}

	/** The encoded (codec 1) bytes of a stored body. */
	byte[] plain(short codec, byte[] body, String type, String id, int version) {
		if (codec == JSON) {
			return body;
		}
		if (codec != SEALED || keys == null) {
			throw new IllegalStateException("Unknown codec " + codec + " for " + type + "/" + id
					+ (codec == SEALED ? " (sealed, and encryption is not configured)" : ""));
		}
		return BodyCipher.open(keys.key(BodyCipher.keyId(body)), body, type, id, version);
	}

	public short currentCodec() {
		return JSON;
	}

	/** Encodes without version metadata; the resource's own meta is left without them too. */
	public byte[] encode(IBaseResource resource) {
		Resource r = (Resource) resource;
		if (r.hasMeta()) {
			r.getMeta().setVersionId(null);
			r.getMeta().setLastUpdated(null);
		}
		IParser parser = ctx.newJsonParser();
		return parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
	}

	public IBaseResource decode(short codec, byte[] stored, String type, String id, int version, Instant lastUpdated) {
		byte[] body = plain(codec, stored, type, id, version);
		// Stored bodies were valid when written; read them leniently so a later tightening of
		// validation never makes the existing record unreadable.
		IParser parser = ctx.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
		Resource r = (Resource) parser.parseResource(new String(body, StandardCharsets.UTF_8));
		stamp(r, type, id, version, lastUpdated);
		StoredJson.attach(r, body);
		return r;
	}

	/** Sets id, versionId and lastUpdated as the store assigned them. */
	public static void stamp(IBaseResource resource, String type, String id, int version, Instant lastUpdated) {
		Resource r = (Resource) resource;
		r.setId(type + "/" + id + "/_history/" + version);
		r.getMeta().setVersionId(Integer.toString(version));
		r.getMeta().setLastUpdated(Date.from(lastUpdated));
	}
}
