/** Small shared vocabulary: stable error codes and the core's exception kinds. */
@NullMarked
package org.custodian.support;

import org.jspecify.annotations.NullMarked;
