/**
 * Patient identity (issue 7): probabilistic record matching in the Fellegi-Sunter tradition. People
 * are reduced to comparable fields ({@link org.custodian.identity.Person}); each pair is compared
 * field by field into agreement levels ({@link org.custodian.identity.Field}); a
 * {@link org.custodian.identity.MatchModel} weighs each level by how much more often it occurs
 * between records of the same person than between different people (m and u probabilities,
 * estimated from the data by EM, {@link org.custodian.identity.Estimation}); blocking
 * ({@link org.custodian.identity.Blocking}) keeps the pairs compared to those that share a key.
 */
@org.jspecify.annotations.NullMarked
package org.custodian.identity;
