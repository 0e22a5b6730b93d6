/**
 * Validation of FHIR R4 resources on write against the base specification: a strict parser
 * configuration ({@link org.custodian.validation.StrictParsing}) as the first line, then a fast
 * structural walk ({@link org.custodian.validation.BaseSpecValidator}) over HAPI's runtime model.
 */
@org.jspecify.annotations.NullMarked
package org.custodian.validation;
