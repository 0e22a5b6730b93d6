/**
 * Release of information (issue 8): requests for records from patients and third parties, the
 * deadlines the law sets for answering them, and the legal basis of each release judged as a
 * decision with reasons a release-of-information specialist can read (45 CFR 164.502, 164.506,
 * 164.508, 164.512, 164.524; 42 CFR Part 2).
 */
@org.jspecify.annotations.NullMarked
package org.custodian.disclosure;
