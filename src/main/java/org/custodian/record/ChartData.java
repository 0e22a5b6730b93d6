package org.custodian.record;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a feature keeps about a patient beside the records (coding decisions, deficiencies, release
 * requests, HL7 messages as they came): destroyed with the chart, in its transaction, when retention
 * ends (issue 12). Each feature that keeps such rows implements this for its own tables; what is
 * deliberately kept (the audit trail, the accounting's evidence of break-the-glass) says so where it lives.
 */
public interface ChartData {

	/** What the rows are, as a certificate of destruction lists them: "coding decisions and final codings". */
	String name();

	/**
	 * Removes the rows about {@code patientId} (the Patient's id), whose chart's resources
	 * {@code destroyed} ({@code Type/id}) are being destroyed; answers how many rows went.
	 */
	int destroy(String patientId, List<String> destroyed);

	/**
	 * As {@link #destroy(String, List)}, knowing also the Patient's identifiers as they were (for rows
	 * tied to the patient only by an identifier, such as a message that wrote nothing).
	 */
	default int destroy(String patientId, List<String> destroyed, List<org.hl7.fhir.r4.model.Identifier> identifiers) {
		return destroy(patientId, destroyed);
	}

	/**
	 * Rows found by the patient alone: each statement is run with the patient twice, as a bare id and
	 * as a reference ({@code Patient/id}), since features keep it either way.
	 */
	abstract class ByPatient implements ChartData {

		private final JdbcTemplate jdbc;
		private final String name;
		private final List<String> statements;

		protected ByPatient(JdbcTemplate jdbc, String name, String... statements) {
			this.jdbc = jdbc;
			this.name = name;
			this.statements = List.of(statements);
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public int destroy(String patientId, List<String> destroyed) {
			int rows = 0;
			for (String sql : statements) {
				rows += jdbc.update(sql, patientId, "Patient/" + patientId);
			}
			return rows;
		}
	}
}
