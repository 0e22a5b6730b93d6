/**
 * Backup and restore (issue 12): a consistent online backup of the whole database, taken over JDBC
 * from one snapshot while the server runs (a fresh machine has a JDK, not PostgreSQL's tools), with
 * the data directory's keys, written whole or not at all; and its restore into an empty data
 * directory or database, checked file by file before anything changes and loaded in one transaction.
 */
@NullMarked
package org.custodian.backup;

import org.jspecify.annotations.NullMarked;
