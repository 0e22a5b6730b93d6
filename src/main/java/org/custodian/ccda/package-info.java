/**
 * C-CDA documents (HL7 CDA R2 with the C-CDA R2.1 templates): a Continuity of Care Document written
 * from a patient's FHIR record, for release of information, the patient's own copy and transitions
 * of care. Pure functions of the records given: what goes in is decided by the caller, through the
 * access gate.
 */
@org.jspecify.annotations.NullMarked
package org.custodian.ccda;
