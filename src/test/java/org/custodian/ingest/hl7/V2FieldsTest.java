package org.custodian.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/** HL7 v2 times read as the sender meant them. */
class V2FieldsTest {

	private static Terser parse(String sent) throws Exception {
		HapiContext hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
		hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
		String pv1 = "PV1|1|I" + "|".repeat(42) + "202607011430";
		return new Terser(hapi.getPipeParser().parse("MSH|^~\\&|A|B|C|D|" + sent + "||ADT^A01^ADT_A01|1|P|2.5.1\rEVN|A01\r"
				+ "PID|1||1^^^X^MR\r" + pv1 + "\r"));
	}

	@Test
	void aTimeWithoutAnOffsetIsInTheSendersZone() throws Exception {
		assertThat(V2Fields.time(parse("20260701143000-0500"), "/PV1-44", ZoneId.of("UTC")).getValueAsString()).isEqualTo(
				"2026-07-01T14:30:00-05:00");
		assertThat(V2Fields.time(parse("20260701143000"), "/PV1-44", ZoneId.of("America/Chicago")).getValueAsString())
				.as("summer time in Chicago").isEqualTo("2026-07-01T14:30:00-05:00");
		assertThat(V2Fields.time(parse("20260701143000"), "/MSH-7", ZoneId.of("UTC")).getValueAsString()).isEqualTo(
				"2026-07-01T14:30:00+00:00");
	}

	@Test
	void aDateAloneHasNoZone() {
		assertThat(V2Fields.dateTime("19800102").getValueAsString()).isEqualTo("1980-01-02");
	}
}
