/**
 * Search indexing: turns a FHIR R4 resource into the typed {@link org.custodian.search.IndexEntry} rows
 * that FHIR search queries seek on, for every search parameter HAPI's R4 model defines, with
 * {@link org.custodian.search.IndexHash} as the one hashing scheme shared by indexing and querying.
 */
@org.jspecify.annotations.NullMarked
package org.custodian.search;
