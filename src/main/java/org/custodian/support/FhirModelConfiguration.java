package org.custodian.support;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.custodian.validation.StrictParsing;

import ca.uhn.fhir.context.FhirContext;

/**
 * The FHIR R4 model context (expensive to build, thread-safe, one per application) and the clock
 * every deadline and timestamp is read from.
 */
@Configuration(proxyBeanMethods = false)
class FhirModelConfiguration {

	@Bean
	FhirContext fhirContext() {
		FhirContext ctx = FhirContext.forR4();
		// Malformed input (unknown elements, bad values, wrong JSON types) is refused, not dropped.
		StrictParsing.configure(ctx);
		// The record keeps references exactly as written, versioned ones included.
		ctx.getParserOptions().setStripVersionsFromReferences(false);
		return ctx;
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
