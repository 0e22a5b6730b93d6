package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.custodian.ingest.hl7.Hl7Feed;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/** The interface monitor: HIM finds a message in error from the work queues, corrects it and replays it. */
class InterfacesScreensIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	@Autowired
	Hl7Feed feed;

	@Test
	void himCorrectsAMessageInErrorAndReplaysIt() {
		String tag = unique().replaceAll("[0-9]", "").toUpperCase();
		Hl7Feed.Received failed = feed.receive("MSH|^~\\&|REG|GOODHEALTH|CUSTODIAN|HOSP|20261124080000||ADT^A28^ADT_A05|F"
				+ tag + "|P|2.5.1\rEVN|A28\rPID|1||||Fix" + tag + "^Fay||19900101|F\r", "test-feed");
		assertThat(failed.status()).isEqualTo("error");
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Iris Interfaces", Set.of(Role.HIM), null, PASSWORD);

		open("/");
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		submit(waitFor(By.xpath("//a[contains(@href,'/interfaces')]")));
		WebElement message = waitFor(By.cssSelector("div.message-error[data-id='" + failed.id() + "']"));
		assertThat(message.getText()).contains("PID-3");
		WebElement raw = message.findElement(By.name("message"));
		String corrected = raw.getAttribute("value").replace("PID|1|||", "PID|1||Z" + tag + "^^^GOODHEALTH^MR|");
		raw.clear();
		raw.sendKeys(corrected);
		submit(message.findElement(By.cssSelector("form.replay-form button")));

		assertThat(text(By.cssSelector("p.banner.done"))).isEqualTo("Message " + failed.id() + " applied.");
		assertThat(text(By.cssSelector("table.feed-counts"))).contains("test-feed");
		assertThat(jdbc.queryForObject("select status from hl7_message where message_id = ?", String.class, failed.id()))
				.isEqualTo("processed");
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, him)).contains("interface-monitor", "interface-replay");
		assertThat(consoleErrors()).isEmpty();
	}
}
