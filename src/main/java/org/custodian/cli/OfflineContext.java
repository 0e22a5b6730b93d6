package org.custodian.cli;

import java.util.HashMap;
import java.util.Map;

import org.custodian.CustodianApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application without its web server, for operator commands that work on the data directory
 * directly, whether or not a server is running on it.
 */
final class OfflineContext {

	private OfflineContext() {
	}

	static ConfigurableApplicationContext start(DatabaseOptions database) {
		return start(database, Map.of());
	}

	/** With {@code extra} properties, which win over the command's defaults. */
	static ConfigurableApplicationContext start(DatabaseOptions database, Map<String, Object> extra) {
		Map<String, Object> properties = new HashMap<>();
		database.putInto(properties);
		// Beside a running server, use its embedded PostgreSQL rather than refusing to start a second.
		properties.put("custodian.database.attach-to-running", "true");
		// A command loads the shipped code sets only when it asks about codes, not behind every command.
		properties.put("custodian.coding.load-at-start", "false");
		properties.put("logging.level.root", "warn");
		properties.put("logging.level.org.custodian", "warn");
		// Sign-in events (a token minted by an operator) stay visible on standard error, as well as in the audit trail.
		properties.put("logging.level.org.custodian.account.SignInEvents", "info");
		properties.putAll(extra);
		SpringApplication app = new SpringApplication(CustodianApplication.class);
		app.setWebApplicationType(WebApplicationType.NONE);
		app.setDefaultProperties(properties);
		app.setLogStartupInfo(false);
		// What a command prints on standard output is its result (a token goes into a shell variable):
		// anything logged while starting goes to standard error.
		java.io.PrintStream out = System.out;
		System.setOut(System.err);
		try {
			return app.run();
		} finally {
			System.setOut(out);
		}
	}
}
