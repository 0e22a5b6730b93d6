package org.custodian.ingest.hl7;

import java.util.HashMap;
import java.util.Map;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;

/**
 * A Terser that finds each segment of an absolute path ({@code /PATIENT_RESULT(0)/ORDER_OBSERVATION(1)/OBX})
 * once per message. HAPI's Terser walks the message structure from its root for every field read, and a
 * result message reads dozens of fields of each segment: without this, finding segments was a third of
 * the time spent on a message. Relative paths (from the finder's current place) are not cached. One
 * message, one thread.
 */
final class SegmentCachingTerser extends Terser {

	private final Map<String, Object> segments = new HashMap<>();

	SegmentCachingTerser(Message message) {
		super(message);
	}

	@Override
	public Segment getSegment(String path) throws HL7Exception {
		if (!path.startsWith("/")) {
			return super.getSegment(path);
		}
		Object found = segments.get(path);
		if (found == null) {
			try {
				found = super.getSegment(path);
			} catch (HL7Exception e) {
				found = e; // a path this message's structure does not have: as absent the next time
			}
			segments.put(path, found);
		}
		if (found instanceof HL7Exception e) {
			throw e;
		}
		return (Segment) found;
	}
}
