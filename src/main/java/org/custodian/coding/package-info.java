/**
 * Medical coding (issue 9): code sets as versioned terminology (ICD-10-CM releases side by side, so
 * a code is valid or not on a date of service; HCPCS Level II; maps between code systems), and the
 * FHIR terminology operations over them.
 */
@org.jspecify.annotations.NullMarked
package org.custodian.coding;
