package org.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.custodian.testkit.Commands;
import org.custodian.testkit.Commands.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

/**
 * The operator commands as an operator runs them, each starting the application without its web
 * server on one data directory: the first administrator (password on standard input, TOTP URI
 * printed once), a SMART app's registration, and a token for a script.
 */
class OperatorCommandsIT {

	private static Path dataDir;

	@BeforeAll
	static void dataDirectory() throws Exception {
		dataDir = Files.createTempDirectory("custodian-cli-");
	}

	@Test
	void firstAdministratorIsCreatedWithAPasswordFromStandardInputAndATotpEnrolment() {
		Run run = run("correct horse battery staple\n", "user", "add", "ana", "--role", "administrator", "--name", "Ana Lee");

		assertThat(run.code()).as(run.err()).isEqualTo(0);
		assertThat(run.out()).contains("Created user ana").contains("otpauth://totp/Custodian:ana?secret=");
	}

	@Test
	void helpDeskResetsAPasswordAndDisablesALeaver() {
		assertThat(run("correct horse battery staple\n", "user", "add", "leaver", "--role", "nurse").code()).isEqualTo(0);

		Run password = run("another long passphrase\n", "user", "password", "leaver");
		Run disabled = run("", "user", "disable", "leaver");
		Run unknown = run("", "user", "disable", "nobody");

		assertThat(password.out()).as(password.err()).contains("Changed the password of leaver");
		assertThat(disabled.out()).as(disabled.err()).contains("Disabled leaver");
		assertThat(unknown.code()).isEqualTo(2);
		assertThat(unknown.err()).contains("CUS-5105");
	}

	@Test
	void refusesAWeakPasswordAndNeverFallsBackToADefault() {
		assertThat(run("password1234\n", "user", "add", "weak", "--role", "clinician").err()).contains("CUS-5101");
		Run none = run("", "user", "add", "nopass", "--role", "clinician");

		assertThat(none.code()).isEqualTo(2);
		assertThat(none.err()).contains("no password");
	}

	@Test
	void registersASmartAppAndIssuesAScriptToken() throws Exception {
		Run app = run("", "client", "add", "cli-app", "--role", "clinician", "--scope", "user/*.rs openid", "--grant",
				"authorization_code,refresh_token", "--generate-secret", "--redirect-uri", "https://app.example/cb");
		assertThat(app.code()).as(app.err()).isEqualTo(0);
		assertThat(app.out()).contains("Registered client cli-app").contains("Client secret (shown only now): ");

		Run token = run("", "token", "--client", "cli-app", "--scope", "user/*.rs");

		assertThat(token.code()).as(token.err()).isEqualTo(0);
		assertThat(SignedJWT.parse(token.out().trim()).getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("cli-app");
		assertThat(token.err()).contains("token issued").contains("client=cli-app");
	}

	@Test
	void exportsTheWholePopulationsHealthInformationAsNdjsonWithAManifest() throws Exception {
		Path input = Files.createTempFile("ehi-", ".ndjson");
		Files.writeString(input, "{\"resourceType\":\"Patient\",\"id\":\"ehi-1\",\"name\":[{\"family\":\"Export\"}]}\n"
				+ "{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/ehi-1\"},\"code\":{\"text\":\"Gout\"}}\n");
		assertThat(run("", "import", input.toString()).code()).isEqualTo(0);
		Path out = Files.createTempDirectory("ehi-out-").resolve("export");

		Run export = run("", "ehi-export", "--out", out.toString());
		Run again = run("", "ehi-export", "--out", out.toString());

		assertThat(export.code()).as(export.err()).isEqualTo(0);
		assertThat(export.out()).contains("Exported");
		assertThat(Files.readString(out.resolve("Patient.ndjson"))).contains("\"Export\"");
		assertThat(Files.readString(out.resolve("Condition.ndjson"))).contains("Gout");
		assertThat(Files.readString(out.resolve("manifest.json"))).contains("\"scope\": \"population\"")
				.contains("\"file\": \"Condition.ndjson\", \"count\": 1");
		assertThat(again.code()).isEqualTo(2);
		assertThat(again.err()).contains("not empty");
	}

	@Test
	void loadsTheIcd10cmAprilUpdateBesideTheFiscalYearOnceAndRefusesAFileThatIsNotOne() throws Exception {
		// The April update as CMS ships it: the whole order file, here FY2026's with one code added (test data).
		Path april = dataDir.resolve("icd10cm_order_2026_april.txt");
		try (InputStream shipped = new java.util.zip.GZIPInputStream(OperatorCommandsIT.class.getResourceAsStream(
				"/coding/icd10cm/icd10cm_order_2026.txt.gz"))) {
			String lines = new String(shipped.readAllBytes(), StandardCharsets.US_ASCII);
			Files.writeString(april, lines + String.format("%05d %-7s %s %-60s %s%n", 99_999, "U890", "1",
					"Test condition added in April", "Test condition added in April"), StandardCharsets.US_ASCII);
		}

		Run load = run("", "terminology", "load", april.toString(), "--system", "icd-10-cm", "--format", "icd10cm-order",
				"--version", "2026-04", "--effective", "2026-04-01");
		Run again = run("", "terminology", "load", april.toString(), "--system", "icd-10-cm", "--format", "icd10cm-order",
				"--version", "2026-04", "--effective", "2026-04-01");
		Run notAFile = run("", "terminology", "load", april.toString(), "--system", "loinc", "--format", "loinc-csv",
				"--version", "2.80", "--effective", "2026-01-01");
		Run list = run("", "terminology", "list");

		assertThat(load.code()).as(load.err()).isEqualTo(0);
		assertThat(load.out()).contains("Loaded 98187 concepts of http://hl7.org/fhir/sid/icd-10-cm 2026-04, in force from"
				+ " 2026-04-01");
		assertThat(again.out()).contains("already loaded");
		assertThat(notAFile.code()).isEqualTo(2);
		assertThat(notAFile.err()).contains("CUS-7001").contains("not a loinc-csv file");
		assertThat(list.out()).contains("2026-04\tfrom 2026-04-01\t98187 concepts").contains("2027\tfrom 2026-10-01");
	}

	@Test
	void loadsTheNcciTablesOnceEach() {
		String ptp = Path.of("..", "shared", "corpora", "code-sets", "ncci", "ccipra-v322r0-f1.excerpt.txt").toString();
		Run load = run("", "claims", "load-ncci", ptp, "--table", "ptp", "--version", "2026Q3");
		Run again = run("", "claims", "load-ncci", ptp, "--table", "ptp", "--version", "2026Q3");
		Run wrong = run("", "claims", "load-ncci", ptp, "--table", "mue", "--version", "2026Q3");
		Run unknown = run("", "claims", "load-ncci", ptp, "--table", "drg", "--version", "2026Q3");

		assertThat(load.code()).as(load.err()).isEqualTo(0);
		assertThat(load.out()).contains("Loaded 154 NCCI ptp rows as 2026Q3");
		assertThat(again.out()).contains("already loaded");
		assertThat(wrong.code()).isEqualTo(2);
		assertThat(wrong.err()).contains("holds no NCCI mue rows");
		assertThat(unknown.code()).isEqualTo(2);
	}

	@Test
	void loadsAFolderOfHl7MessagesAndNamesWhatCouldNotBeApplied() {
		String folder = Path.of("..", "shared", "corpora", "hl7v2", "cdc-trusted-intermediary").toString();
		Run load = run("", "hl7", "load", folder);
		Run again = run("", "hl7", "load", folder);
		Run missing = run("", "hl7", "load", "no-such-folder");

		assertThat(load.out()).as(load.err()).contains("Read ").contains("processed=");
		assertThat(again.out()).as("a second load applies nothing twice").contains("duplicate=").doesNotContain("processed=");
		assertThat(missing.code()).isEqualTo(2);
	}

	@Test
	void importsTheHl7ExampleDocumentsWaitingForTheirPatients() {
		String folder = Path.of("..", "shared", "corpora", "ccda", "hl7-c-cda-examples", "documents").toString();
		Run load = run("", "ccda", "import", folder);
		Run again = run("", "ccda", "import", folder);

		assertThat(load.out()).as(load.err()).contains("Read ").contains("unmatched=").contains("No patient in the record is"
				+ " certainly the document's");
		assertThat(load.code()).as("documents wait for their patients").isEqualTo(1);
		assertThat(again.out()).as("the same documents wait once").contains("duplicate=").doesNotContain("unmatched=");
	}

	private static Run run(String stdin, String... args) {
		String[] withDir = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
				java.util.stream.Stream.of("--data-dir", dataDir.toString())).toArray(String[]::new);
		return Commands.run(stdin, withDir);
	}
}
