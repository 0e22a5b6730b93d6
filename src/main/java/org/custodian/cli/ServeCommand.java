package org.custodian.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.custodian.CustodianApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the server and prints one line saying where it listens once it accepts requests. */
@Command(name = "serve", mixinStandardHelpOptions = true,
		description = "Start the Custodian server (FHIR R4 API at /fhir).")
final class ServeCommand implements Callable<Integer> {

	@Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
	int port;

	@Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
			description = "Address to listen on (default: ${DEFAULT-VALUE}; use 0.0.0.0 for all interfaces"
					+ " only once access control is configured).")
	String host;

	@Mixin
	DatabaseOptions database;

	@Override
	public Integer call() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", port);
		properties.put("server.address", host);
		database.putInto(properties);
		SpringApplication app = new SpringApplication(CustodianApplication.class);
		app.setDefaultProperties(properties);
		app.addListeners((ApplicationReadyEvent ready) -> {
			String actualPort = ready.getApplicationContext().getEnvironment().getProperty("local.server.port",
					Integer.toString(port));
			System.out.println("Custodian listening on http://" + host + ":" + actualPort + "/fhir (data: "
					+ database.dataDir.toAbsolutePath().normalize() + "); the workspace is at http://" + host + ":"
					+ actualPort + "/");
			System.out.flush();
		});
		app.run();
		return 0;
	}
}
