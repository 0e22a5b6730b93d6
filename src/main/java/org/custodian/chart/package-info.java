/**
 * The patient's chart as people read it: who the patient is, what to be warned of, and the record
 * arranged in sections (encounters, problems, medications, allergies, immunizations, vital signs and
 * results with their trends, notes and documents), and finding a patient to open. Everything is read
 * through the search layer with the reader's {@link org.custodian.access.AccessContext}, so the gate
 * decides what appears, and each chart opened or search made is recorded in the audit trail.
 */
@org.jspecify.annotations.NullMarked
package org.custodian.chart;
