/**
 * Chart completion (issue 10): the authentication of clinical entries (signatures bound to the
 * content, co-signature of a trainee's entries, the lock on what is signed, verification later).
 */
@org.jspecify.annotations.NullMarked
package org.custodian.completion;
