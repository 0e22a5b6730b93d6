package org.custodian.ingest.hl7;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The character set a message's bytes are in: the one MSH-18 names (HL7 table 0211: {@code 8859/1},
 * {@code UNICODE UTF-8}, {@code ASCII}…), else UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (what
 * most senders that name none send). The MLLP listener and the file loader read the same bytes alike,
 * and an acknowledgement goes back in the character set of its message.
 */
public final class V2Charsets {

	private V2Charsets() {}

	/** The character set of a message (or a file of messages) from its first MSH. */
	public static Charset of(byte[] bytes) {
		String head = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.ISO_8859_1);
		int msh = head.indexOf("MSH");
		if (msh >= 0 && head.length() > msh + 3) {
			String segment = head.substring(msh).split("[\\r\\n]", 2)[0];
			String[] fields = segment.split(java.util.regex.Pattern.quote(String.valueOf(segment.charAt(3))), -1);
			String named = fields.length > 17 ? fields[17].split("\\^")[0].trim().toUpperCase(java.util.Locale.ROOT) : "";
			switch (named) {
				case "UNICODE UTF-8", "UTF-8" -> {
					return StandardCharsets.UTF_8;
				}
				case "8859/1", "8859/15" -> {
					return StandardCharsets.ISO_8859_1;
				}
				case "ASCII" -> {
					return StandardCharsets.US_ASCII;
				}
				case "UNICODE UTF-16", "UNICODE" -> {
					return StandardCharsets.UTF_16;
				}
				default -> {
					// none named, or one not known here: decided by the bytes
				}
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(
					CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
			return StandardCharsets.UTF_8;
		} catch (CharacterCodingException notUtf8) {
			return StandardCharsets.ISO_8859_1;
		}
	}

	/** The message's text, read in its character set. */
	public static String decode(byte[] bytes) {
		return new String(bytes, of(bytes));
	}
}
