package org.custodian.search;

import java.util.Set;

import org.custodian.search.IndexEntry.DateRange;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.jspecify.annotations.Nullable;

/**
 * Date parameters as inclusive epoch-millisecond ranges ({@link FhirDates}). A Period runs from the
 * start of its start to the end of its end, an open end being {@link Long#MIN_VALUE} /
 * {@link Long#MAX_VALUE}; a Period written backwards is indexed over the span it touches. A Timing is
 * one range from its earliest to its latest event, widened by {@code repeat.boundsPeriod} (as HAPI
 * does). Free-text "dates" (CarePlan activity strings) are not indexed.
 */
final class DateMapper {

	private DateMapper() {}

	static Outcome map(String param, Base value, Set<IndexEntry> out) {
		if (value instanceof BaseDateTimeType date) {
			return primitive(param, date, out);
		}
		if (value instanceof Period period) {
			return period(param, period, out);
		}
		if (value instanceof Timing timing) {
			return timing(param, timing, out);
		}
		return value instanceof StringType ? Outcome.IGNORED : Outcome.UNSUPPORTED;
	}

	private static Outcome primitive(String param, BaseDateTimeType date, Set<IndexEntry> out) {
		if (!date.hasValue()) {
			return Outcome.EMPTY;
		}
		long[] range = FhirDates.range(date.getValueAsString());
		if (range == null) {
			return Outcome.INVALID;
		}
		out.add(new DateRange(param, range[0], range[1]));
		return Outcome.MAPPED;
	}

	private static Outcome period(String param, Period period, Set<IndexEntry> out) {
		long[] start = rangeOf(period.getStartElement());
		long[] end = rangeOf(period.getEndElement());
		if ((period.hasStart() && start == null) || (period.hasEnd() && end == null)) {
			return Outcome.INVALID;
		}
		if (start == null && end == null) {
			return Outcome.EMPTY;
		}
		long low = start == null ? Long.MIN_VALUE : start[0];
		long high = end == null ? Long.MAX_VALUE : end[1];
		out.add(low <= high ? new DateRange(param, low, high) : new DateRange(param, end[0], start[1]));
		return Outcome.MAPPED;
	}

	private static Outcome timing(String param, Timing timing, Set<IndexEntry> out) {
		long low = Long.MAX_VALUE;
		long high = Long.MIN_VALUE;
		for (DateTimeType event : timing.getEvent()) {
			long[] range = rangeOf(event);
			if (range != null) {
				low = Math.min(low, range[0]);
				high = Math.max(high, range[1]);
			}
		}
		if (timing.hasRepeat() && timing.getRepeat().hasBoundsPeriod()) {
			long[] bounds = boundsOf(timing.getRepeat().getBoundsPeriod());
			low = Math.min(low, bounds[0]);
			high = Math.max(high, bounds[1]);
		}
		if (low > high) {
			return Outcome.EMPTY;
		}
		out.add(new DateRange(param, low, high));
		return Outcome.MAPPED;
	}

	/** A bounds period's readable ends; an unreadable or absent end does not widen the range. */
	private static long[] boundsOf(Period period) {
		long[] start = rangeOf(period.getStartElement());
		long[] end = rangeOf(period.getEndElement());
		long low = Math.min(start == null ? Long.MAX_VALUE : start[0], end == null ? Long.MAX_VALUE : end[0]);
		long high = Math.max(start == null ? Long.MIN_VALUE : start[1], end == null ? Long.MIN_VALUE : end[1]);
		return new long[] {low, high};
	}

	private static long @Nullable [] rangeOf(BaseDateTimeType date) {
		return date.hasValue() ? FhirDates.range(date.getValueAsString()) : null;
	}
}
