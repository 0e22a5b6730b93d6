/**
 * Claims (issue 9): a FHIR Claim built from a finally coded encounter, scrubbed before release, and
 * written as an ASC X12 837 Professional file with StAEDI, whose structure is validated against the
 * implementation guide's loops.
 */
@org.jspecify.annotations.NullMarked
package org.custodian.claims;
