/**
 * Data quality (issue 10): checks that find incomplete or implausible data in the record, kept current
 * as records change, with a score per chart and per source system.
 */
@org.jspecify.annotations.NullMarked
package org.custodian.quality;
