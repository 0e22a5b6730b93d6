/**
 * C-CDA documents from other providers into the record: each document kept as it came, read into FHIR
 * resources (problems, allergies, medications, immunizations, results, vital signs, social history,
 * procedures, encounters), matched to the patient, written through the gate with the document kept
 * as a DocumentReference and a Provenance naming it as their source, and a report of what could not
 * be mapped.
 */
@NullMarked
package org.custodian.ingest.ccda;

import org.jspecify.annotations.NullMarked;
