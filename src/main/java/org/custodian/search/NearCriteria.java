package org.custodian.search;

import java.math.BigDecimal;
import java.util.Set;

import org.custodian.search.IndexEntry.NumberRange;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code Location?near=latitude|longitude|distance|units}: locations whose position lies within the
 * distance of the point, on the great circle (haversine, mean Earth radius). Positions are indexed
 * as two numbers under keys of their own; the search first narrows by a latitude band (an index
 * range), then computes the distance. Units are km (the default), m, or miles ({@code [mi_i]},
 * {@code [mi_us]}, {@code mi}); without a distance, {@value #DEFAULT_KM} km is near, as the
 * specification leaves to the server.
 */
final class NearCriteria {

	static final String PARAM = "near";
	static final String LATITUDE = "near$latitude";
	static final String LONGITUDE = "near$longitude";
	static final double DEFAULT_KM = 10;
	private static final double EARTH_RADIUS_KM = 6371.0088;
	private static final double KM_PER_DEGREE_LATITUDE = 111.0;

	private NearCriteria() {
	}

	static void index(Resource resource, Set<IndexEntry> out) {
		if (resource instanceof Location location && location.hasPosition() && location.getPosition().hasLatitude()
				&& location.getPosition().hasLongitude()) {
			BigDecimal latitude = location.getPosition().getLatitude();
			BigDecimal longitude = location.getPosition().getLongitude();
			out.add(new NumberRange(LATITUDE, latitude, latitude, latitude));
			out.add(new NumberRange(LONGITUDE, longitude, longitude, longitude));
		}
	}

	/** The condition that location {@code a} is near the point {@code value} names. */
	static void append(SqlBuilder sql, String a, String value) {
		String[] parts = value.split("\\|", -1);
		if (parts.length < 2 || parts.length > 4) {
			throw invalid(value);
		}
		double latitude = number(parts[0], value);
		double longitude = number(parts[1], value);
		if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
			throw invalid(value);
		}
		double km = parts.length > 2 && !parts[2].isEmpty() ? number(parts[2], value) : DEFAULT_KM;
		if (km < 0) {
			throw invalid(value);
		}
		if (parts.length > 3 && !parts[3].isEmpty()) {
			km = switch (parts[3]) {
				case "km" -> km;
				case "m" -> km / 1000;
				case "[mi_i]", "[mi_us]", "mi" -> km * 1.609344;
				default -> throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE, "near: distance unit '"
						+ parts[3] + "' is not one of km, m, [mi_i], [mi_us]");
			};
		}
		double band = km / KM_PER_DEGREE_LATITUDE + 0.01;
		sql.append("exists (select 1 from idx_number la join idx_number lo on lo.res_id = la.res_id and lo.hash_identity = ?"
				+ " where la.res_id = " + a + ".res_id and la.hash_identity = ? and la.value between ? and ?"
				+ " and 2 * " + EARTH_RADIUS_KM + " * asin(least(1, sqrt(power(sin(radians(la.value::float8 - ?) / 2), 2)"
				+ " + cos(radians(?)) * cos(radians(la.value::float8)) * power(sin(radians(lo.value::float8 - ?) / 2), 2))))"
				+ " <= ?)", IndexHash.identity("Location", LONGITUDE), IndexHash.identity("Location", LATITUDE),
				BigDecimal.valueOf(latitude - band), BigDecimal.valueOf(latitude + band), latitude, latitude, longitude, km);
	}

	private static double number(String s, String value) {
		try {
			return Double.parseDouble(s);
		} catch (NumberFormatException e) {
			throw invalid(value);
		}
	}

	private static CustodianException invalid(String value) {
		return new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE, "near takes latitude|longitude|distance|units"
				+ " (for example 42.256|-83.694|10|km), not '" + value + "'");
	}
}
