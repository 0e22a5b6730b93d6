package org.custodian;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The seams the design relies on, checked on the compiled classes. */
class ArchitectureTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.custodian");

	@Test
	void hapiServerTypesStayAtTheFhirEdge() {
		noClasses().that().resideOutsideOfPackages("org.custodian.fhir..")
				.should().dependOnClassesThat().resideInAnyPackage("ca.uhn.fhir.rest.server..", "ca.uhn.fhir.rest.annotation..")
				.check(CLASSES);
	}

	@Test
	void springWebStaysAtTheEdges() {
		noClasses().that().resideOutsideOfPackages("org.custodian.fhir..", "org.custodian.web..")
				.should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
				.check(CLASSES);
	}

	@Test
	void theSignInEdgeIsALeaf() {
		noClasses().that().resideOutsideOfPackages("org.custodian.web..")
				.should().dependOnClassesThat().resideInAPackage("org.custodian.web..")
				.check(CLASSES);
	}

	@Test
	void accountsKnowNothingOfHttpOrTheEdges() {
		noClasses().that().resideInAPackage("org.custodian.account..")
				.should().dependOnClassesThat().resideInAnyPackage("org.springframework.security.web..",
						"org.springframework.security.config..", "org.custodian.fhir..", "org.custodian.web..",
						"org.custodian.cli..")
				.check(CLASSES);
	}

	@Test
	void nothingReachesIntoAnotherFeaturesInternals() {
		noClasses().that().resideOutsideOfPackages("org.custodian.record..")
				.should().dependOnClassesThat().resideInAPackage("org.custodian.record.internal..")
				.check(CLASSES);
	}

	@Test
	void onlyTheRecordSearchAccessAuditAccountAndIdentityPackagesTouchTheDatabase() {
		// identity keeps its own tables (runs and the duplicate queue), disclosure its requests; both read
		// patients through the record store and SearchService. coding keeps the code sets (no patient data), claims the NCCI tables (none either); completion its signatures, quality its findings, ingest the HL7 messages it keeps, and retention its schedules, holds, dates and certificates, reading
		// the entries signed through the record store. backup copies every table whole, below the gate: a backup is
		// the database itself, not a disclosure of records (it is an operator's command on the server host).
		noClasses().that().resideOutsideOfPackages("org.custodian.record..", "org.custodian.search..",
				"org.custodian.access..", "org.custodian.audit..", "org.custodian.account..", "org.custodian.database..",
				"org.custodian.identity..", "org.custodian.disclosure..", "org.custodian.coding..", "org.custodian.claims..",
				"org.custodian.completion..", "org.custodian.quality..", "org.custodian.ingest..", "org.custodian.retention..",
				"org.custodian.backup..")
				.should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
				.check(CLASSES);
	}

	@Test
	void onlyTheDatabasePackageConnectsAsTheSchemasOwner() {
		noClasses().that().resideOutsideOfPackage("org.custodian.database..")
				.should().dependOnClassesThat().haveFullyQualifiedName("org.custodian.database.DatabaseOwner")
				.check(CLASSES);
	}
}
