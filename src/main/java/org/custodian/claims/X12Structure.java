package org.custodian.claims;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;

/**
 * Checks that an X12 837 file is put together as its implementation guide says: the interchange,
 * group and transaction envelopes and their counts (StAEDI's own control schema) and the
 * transaction's loops and segments in order and number ({@code claims/837P-structure.xml} for a
 * professional claim, {@code 837I-structure.xml} for an institutional one, chosen by ST03). Answers
 * each problem found, where it is; none means the file is well formed.
 */
public final class X12Structure {

	private static final Schema PROFESSIONAL = load("/claims/837P-structure.xml");
	private static final Schema INSTITUTIONAL = load("/claims/837I-structure.xml");

	private X12Structure() {}

	public static List<String> problems(byte[] edi) {
		List<String> problems = new ArrayList<>();
		EDIInputFactory factory = EDIInputFactory.newFactory();
		factory.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_STRUCTURE, true);
		try (EDIStreamReader reader = factory.createEDIStreamReader(new ByteArrayInputStream(edi))) {
			boolean transactions = false;
			String segment = "";
			while (reader.hasNext()) {
				EDIStreamEvent event = reader.next();
				switch (event) {
					case START_TRANSACTION -> transactions = true;
					case START_SEGMENT -> segment = reader.getText();
					case ELEMENT_DATA -> {
						if (segment.equals("ST") && reader.getLocation().getElementPosition() == 3) {
							reader.setTransactionSchema(reader.getText().contains("X223") ? INSTITUTIONAL : PROFESSIONAL);
						}
					}
					case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> problems.add(reader.getErrorType()
							.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + reader.getText() + " (segment "
							+ reader.getLocation().getSegmentPosition() + ")");
					default -> { /* a structure as expected */ }
				}
			}
			if (!transactions) {
				problems.add("no transaction set (ST/SE) in the interchange");
			}
		} catch (EDIStreamException | RuntimeException e) {
			problems.add("not a readable X12 interchange: " + e.getMessage());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return problems;
	}

	private static Schema load(String resource) {
		try (InputStream in = X12Structure.class.getResourceAsStream(resource)) {
			return SchemaFactory.newFactory().createSchema(in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (EDISchemaException e) {
			throw new IllegalStateException("The claim structure " + resource + " is not a valid StAEDI schema", e);
		}
	}
}
