package org.custodian.fhir;

import org.custodian.ingest.hl7.Hl7Feed;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * HL7 v2 over the API, for interfaces and HIM: {@code POST $hl7v2} ({@code message}: one message,
 * kept, applied and acknowledged as from the MLLP listener; the answer carries the ACK),
 * {@code GET $hl7-errors} (the error queue) and {@code POST $hl7-replay} ({@code id}, and
 * {@code message} when corrected).
 */
final class Hl7Provider {

	private final Hl7Feed feed;
	private final RequestAccess access;

	Hl7Provider(Hl7Feed feed, RequestAccess access) {
		this.feed = feed;
		this.access = access;
	}

	@Operation(name = "$hl7v2", idempotent = false)
	public Parameters receive(@OperationParam(name = "message") @Nullable StringType message, RequestDetails request) {
		org.custodian.access.AccessContext context = access.of(request);
		if (!context.roles().contains("integration") && !context.roles().contains("him")) {
			throw context.refused("hl7v2", null, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "HL7 v2 messages are sent by"
					+ " interfaces");
		}
		if (message == null || message.getValue() == null || message.getValue().isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "Send the HL7 v2 message as the message parameter");
		}
		return answer(feed.receive(message.getValue(), "api"));
	}

	@Operation(name = "$hl7-replay", idempotent = false)
	public Parameters replay(@OperationParam(name = "id") @Nullable StringType id, @OperationParam(name = "message")
			@Nullable StringType corrected, RequestDetails request) {
		long number;
		try {
			number = Long.parseLong(id == null ? "" : id.getValue());
		} catch (NumberFormatException e) {
			throw new CustodianException.Invalid(ErrorCode.INGEST_REFUSED, "id is the kept message's number");
		}
		return answer(feed.replay(access.of(request), number, corrected == null ? null : corrected.getValue()));
	}

	@Operation(name = "$hl7-errors", idempotent = true)
	public Parameters errors(RequestDetails request) {
		Parameters out = new Parameters();
		for (Hl7Feed.Kept k : feed.errors(access.of(request), 200)) {
			ParametersParameterComponent p = out.addParameter().setName("message");
			p.addPart().setName("id").setValue(new StringType(String.valueOf(k.id())));
			p.addPart().setName("feed").setValue(new StringType(k.feed()));
			if (k.type() != null) {
				p.addPart().setName("type").setValue(new StringType(k.type()));
			}
			p.addPart().setName("received").setValue(new InstantType(java.util.Date.from(k.received())));
			p.addPart().setName("status").setValue(new CodeType(k.status()));
			if (k.error() != null) {
				p.addPart().setName("error").setValue(new StringType(k.error()));
			}
			p.addPart().setName("replays").setValue(new IntegerType(k.replays()));
		}
		return out;
	}

	private static Parameters answer(Hl7Feed.Received r) {
		Parameters out = new Parameters();
		out.addParameter("id", new StringType(String.valueOf(r.id())));
		out.addParameter("status", new CodeType(r.status()));
		if (r.error() != null) {
			out.addParameter("error", new StringType(r.error()));
		}
		r.written().forEach(w -> out.addParameter("written", new Reference(w)));
		out.addParameter("ack", new StringType(r.ack()));
		return out;
	}
}
