/**
 * HL7 v2 feeds (issue 11): messages kept raw before anything else, applied through the gate (ADT to
 * patients and visits, ORU^R01 to results), acknowledged, and kept in error for staff to replay.
 */
@org.jspecify.annotations.NullMarked
package org.custodian.ingest.hl7;
