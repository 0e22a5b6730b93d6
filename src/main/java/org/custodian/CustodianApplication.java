package org.custodian;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Spring application: every feature package's configuration is found by component scan. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CustodianApplication {
}
