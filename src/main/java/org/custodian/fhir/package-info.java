/**
 * The FHIR REST edge: HAPI's plain server, one thin provider per resource type, the system provider,
 * and the single interceptor that maps failures to OperationOutcomes. HAPI server types appear only here.
 */
@NullMarked
package org.custodian.fhir;

import org.jspecify.annotations.NullMarked;
