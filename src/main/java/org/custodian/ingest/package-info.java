/** Getting records in: file and NDJSON import today; HL7 v2, C-CDA and scanned paper later. */
@NullMarked
package org.custodian.ingest;

import org.jspecify.annotations.NullMarked;
