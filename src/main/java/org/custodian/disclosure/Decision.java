package org.custodian.disclosure;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legal basis of a release, decided: whether records may go, the reasons in words a specialist
 * can check against the request, the sensitive categories that may go with them and those withheld
 * (each with why), and the conditions the release must meet.
 *
 * @param outcome    {@code RELEASE}: the basis is sound; {@code HOLD}: something is missing that the
 *                   requester or staff can supply (an authorization, assurances, a representative's
 *                   authority); {@code REFUSE}: the basis fails (expired, revoked, false, no legal ground)
 * @param reasons    why, each with a stable code
 * @param released   sensitive categories asked for that may be released
 * @param withheld   sensitive categories asked for that may not, and why
 * @param conditions what the release must carry or be limited to
 */
public record Decision(Outcome outcome, List<Reason> reasons, Set<SensitiveCategory> released,
		Map<SensitiveCategory, String> withheld, List<String> conditions) {

	public enum Outcome {
		RELEASE, HOLD, REFUSE;

		public String code() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	/** One reason: a stable code (for reports and tests) and its explanation. */
	public record Reason(String code, String text) {}

	public Decision {
		reasons = List.copyOf(reasons);
		released = Set.copyOf(released);
		withheld = Map.copyOf(withheld);
		conditions = List.copyOf(conditions);
	}
}
