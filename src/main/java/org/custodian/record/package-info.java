/**
 * The versioned record: every version of every resource kept, a delete a new tombstone version,
 * transactions all-or-nothing, references checked. Public API: {@link org.custodian.record.RecordStore}
 * and {@link org.custodian.record.BundleProcessor}; SQL and encoding live in {@code internal}.
 */
@NullMarked
package org.custodian.record;

import org.jspecify.annotations.NullMarked;
