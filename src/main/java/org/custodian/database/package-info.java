/**
 * The PostgreSQL the record lives in: an embedded, durable PostgreSQL 17 under the data directory
 * by default, or an external server by configuration. The packages that may use JDBC are listed in
 * ARCHITECTURE.md; only a restore, through {@link org.custodian.database.SchemaSetup}, connects as
 * the schema's owner outside this package.
 */
@NullMarked
package org.custodian.database;

import org.jspecify.annotations.NullMarked;
