package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/** Administration in a real browser: accounts created and changed, roles' policies, every change in the trail. */
class AdministrationIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	@Test
	void administratorAddsAUserGivesThemAPrivilegedRoleAndDisablesThemEachChangeRecorded() {
		String admin = "admin-" + unique();
		Enrolment enrolment = accounts.add(admin, "Ada Admin", Set.of(Role.ADMINISTRATOR), null, PASSWORD);
		open("/admin");
		signIn(admin, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		assertThat(browser.findElements(By.cssSelector("nav[aria-label=Main] a"))).extracting(WebElement::getText)
				.containsExactly("Work queues", "Users", "Roles");

		String nurse = "nurse-" + unique();
		if (browser.findElements(By.cssSelector("details.panel[open]")).isEmpty()) {
			waitFor(By.cssSelector("details.panel summary")).click();
		}
		waitFor(By.id("username")).sendKeys(nurse);
		browser.findElement(By.id("displayName")).sendKeys("Nora Nurse");
		browser.findElement(By.cssSelector("form.stacked input[name=role][value=nurse]")).click();
		browser.findElement(By.id("password")).sendKeys("a long temporary password 42");
		submit(browser.findElement(By.cssSelector("form.stacked button.primary")));
		assertThat(text(By.cssSelector(".banner.done"))).contains("Created " + nurse);

		WebElement row = userRow(nurse);
		row.findElement(By.cssSelector("form.roles input[value=him]")).click();
		submit(row.findElement(By.cssSelector("form.roles button")));
		// HIM is privileged: a second factor is enrolled at once and its link shown once.
		assertThat(text(By.cssSelector(".enrolment"))).contains(nurse).contains("otpauth://totp/");
		screenshot("1-second-factor-shown-once");

		submit(userRow(nurse).findElement(By.xpath(".//button[text()='Disable']")));
		assertThat(text(By.cssSelector(".banner.done"))).contains(nurse + " is disabled");
		assertThat(accounts.find(nurse)).isEmpty();
		screenshot("2-users");

		assertThat(jdbc.queryForList("select detail from audit_event where actor = ? and subtype = 'account-change'"
				+ " order by seq", String.class, admin)).containsExactly(
						"user " + nurse + ": created with roles nurse",
						"user " + nurse + ": roles set to him, nurse (were nurse)",
						"user " + nurse + ": second factor renewed (the old one no longer works)",
						"user " + nurse + ": disabled");
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void administratorSavesANewVersionOfARolesPolicyWithAReason() {
		String admin = "admin-" + unique();
		Enrolment enrolment = accounts.add(admin, "Ada Admin", Set.of(Role.ADMINISTRATOR), null, PASSWORD);
		open("/admin/roles");
		signIn(admin, PASSWORD, TotpCodes.now(enrolment, Instant.now()));

		WebElement researcher = wait.until(d -> d.findElements(By.cssSelector("article.role")).stream()
				.filter(a -> a.findElement(By.tagName("h2")).getText().startsWith("researcher ")).findFirst().orElse(null));
		researcher.findElement(By.name("reason")).sendKeys("Reviewed at the annual access review; unchanged");
		submit(researcher.findElement(By.cssSelector("button[type=submit]")));

		assertThat(text(By.cssSelector(".banner.done"))).contains("The policy of researcher is now version");
		screenshot("1-roles");
		assertThat(jdbc.queryForList("select actor from audit_event where category = 'security' and detail like ?",
				String.class, "%annual access review%")).contains(admin);
	}

	@Test
	void otherRolesCannotOpenAdministration() throws Exception {
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Harriet Clerk", Set.of(Role.HIM), null, PASSWORD);
		open("/admin");
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));

		assertThat(waitFor(By.tagName("body")).getText()).contains("not open to your roles");
		assertThat(accounts.all()).extracting(u -> u.username()).contains(him);
		open("/");
		assertThat(browser.findElements(By.cssSelector("nav[aria-label=Main] a"))).extracting(WebElement::getText)
				.doesNotContain("Users", "Roles");
	}

	private WebElement userRow(String username) {
		return wait.until(d -> d.findElements(By.cssSelector("table.users tbody tr")).stream()
				.filter(r -> r.findElement(By.tagName("th")).getText().equals(username)).findFirst().orElse(null));
	}
}
