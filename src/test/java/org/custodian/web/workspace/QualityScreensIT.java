package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/** The data-quality dashboard in a browser: HIM checks what changed and sees the chart that lacks what US Core requires. */
class QualityScreensIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	@Test
	void himSeesWhereQualityIsWorst() {
		// The check picks up from here: the records other tests wrote are not this test's to check.
		for (String type : java.util.List.of("Patient", "Encounter", "Observation", "Condition", "Procedure", "Immunization",
				"MedicationRequest", "DocumentReference", "AllergyIntolerance")) {
			jdbc.update("insert into quality_watermark (resource_type, checked_to) values (?, now()) on conflict (resource_type) do"
					+ " update set checked_to = excluded.checked_to", type);
		}
		String family = "Sparse" + unique().replaceAll("[0-9]", "");
		Patient sparse = new Patient();
		sparse.addName().setFamily(family);
		sparse.getMeta().setSource("http://registration.example.org/adt");
		create(sparse);
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Hugo Records", Set.of(Role.HIM), null, PASSWORD);

		open("/completion");
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		submit(waitFor(By.linkText("Data quality")));
		submit(waitFor(By.xpath("//button[text()='Check what changed now']")));

		assertThat(text(By.cssSelector("p.banner.done"))).contains("were checked");
		assertThat(text(By.cssSelector("table.quality-sources"))).contains("http://registration.example.org/adt");
		assertThat(text(By.cssSelector("table.quality-charts"))).contains(family);
		assertThat(text(By.cssSelector("table.quality-checks"))).contains("patient-identifier").contains("patient-sex");
		screenshot("data-quality");
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, him)).contains("data-quality", "data-quality-check");
		assertThat(consoleErrors()).isEmpty();
	}
}
