/**
 * The PostgreSQL the record lives in: an embedded, durable PostgreSQL 17 under the data directory
 * by default, or an external server by configuration. Nothing outside {@code record} and
 * {@code search} touches the DataSource.
 */
@NullMarked
package org.custodian.database;

import org.jspecify.annotations.NullMarked;
