/**
 * The one gate through which all patient data passes: only this package mints the
 * {@link org.custodian.access.AccessContext} that every record-store method requires.
 */
@NullMarked
package org.custodian.access;

import org.jspecify.annotations.NullMarked;
