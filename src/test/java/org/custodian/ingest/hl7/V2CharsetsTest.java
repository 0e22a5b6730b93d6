package org.custodian.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A message is read in the character set it names, else in the one its bytes show. */
class V2CharsetsTest {

	private static String msh(String charset) {
		return "MSH|^~\\&|A|B|C|D|20261124||ADT^A28|1|P|2.5.1|||||" + charset + "\rPID|1||1^^^X^MR||Müller^Zoë\r";
	}

	@Test
	void aNamedCharacterSetIsTheOneRead() {
		assertThat(V2Charsets.decode(msh("8859/1").getBytes(StandardCharsets.ISO_8859_1))).contains("Müller^Zoë");
		assertThat(V2Charsets.decode(msh("UNICODE UTF-8").getBytes(StandardCharsets.UTF_8))).contains("Müller^Zoë");
	}

	@Test
	void withNoneNamedValidUtf8IsUtf8AndAnythingElseIsLatin1() {
		assertThat(V2Charsets.decode(msh("").getBytes(StandardCharsets.UTF_8))).contains("Müller^Zoë");
		assertThat(V2Charsets.decode(msh("").getBytes(StandardCharsets.ISO_8859_1))).contains("Müller^Zoë");
	}
}
