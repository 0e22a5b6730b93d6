package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Base of the workspace's end-to-end tests: the whole server, driven through Debian's headless
 * Chromium with Selenium, as a person would use it. Each test saves screenshots under
 * {@code target/screenshots}. Where no Chromium is installed (outside CI, which installs it) the
 * tests are skipped, saying so.
 */
abstract class BrowserTest extends ServerTest {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");
	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	protected WebDriver browser;
	protected WebDriverWait wait;
	private String testName;
	private Path profile;

	@BeforeEach
	void startBrowser(TestInfo info) throws IOException {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Skipped: the workspace's browser tests need Debian's chromium and chromium-driver"
						+ " (apt-get install chromium chromium-driver; .ci/run installs them)");
		testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
		profile = Files.createTempDirectory("custodian-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// Without the background-networking switches Chromium keeps calling out, which this machine refuses.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1366,900", "--user-data-dir=" + profile);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort().build();
		browser = new ChromeDriver(service, options);
		wait = new WebDriverWait(browser, Duration.ofSeconds(15));
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	protected String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	protected void open(String path) {
		browser.get(url(path));
	}

	protected WebElement waitFor(By by) {
		return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	protected String text(By by) {
		return waitFor(by).getText();
	}

	/** Saves what the browser shows as {@code target/screenshots/<test>-<step>.png}. */
	protected void screenshot(String step) {
		try {
			Files.createDirectories(SCREENSHOTS);
			byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
			Files.write(SCREENSHOTS.resolve(testName + "-" + step + ".png"), png);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Signs in on the sign-in page the browser is on: password, then the code when one is asked for. */
	protected void signIn(String username, String password, String code) {
		waitFor(By.name("username")).sendKeys(username);
		browser.findElement(By.name("password")).sendKeys(password);
		submitAndWait();
		if (code != null) {
			waitFor(By.name("code")).sendKeys(code);
			submitAndWait();
		}
		// Signed in: the browser has left the sign-in pages for the page it first asked for.
		wait.until(d -> !d.getCurrentUrl().contains("/signin"));
	}

	/** Submits the page's form and waits until the next page has replaced it. */
	private void submitAndWait() {
		submit(browser.findElement(By.cssSelector("button[type=submit]")));
	}

	/**
	 * Clicks a form's button and waits until the next page has replaced this one, so that what the
	 * test reads next (a confirmation banner, say) is the new page's and not a leftover of this one.
	 */
	protected void submit(WebElement submit) {
		submit.click();
		// Gone from the document once the next page is in; Chromium may say so with either error.
		wait.until(d -> {
			try {
				submit.isEnabled();
				return false;
			} catch (org.openqa.selenium.WebDriverException gone) {
				return true;
			}
		});
	}

	/** What the browser's console said that was an error (a script failing, a policy refusing something). */
	protected java.util.List<String> consoleErrors() {
		return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
				.filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage())
				// The browser asks for a favicon nobody serves.
				.filter(m -> !m.contains("favicon")).toList();
	}

	/** The names of the page's controls that no label names (by its id, aria, or by enclosing it). */
	protected java.util.List<String> unlabelledControls() {
		return browser.findElements(By.cssSelector("input:not([type=hidden]), select, textarea")).stream()
				.filter(control -> !labelled(control)).map(control -> control.getAttribute("name")).toList();
	}

	private boolean labelled(WebElement control) {
		String id = control.getAttribute("id");
		if (id != null && !id.isEmpty() && !browser.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty()) {
			return true;
		}
		if (control.getAttribute("aria-label") != null || control.getAttribute("aria-labelledby") != null) {
			return true;
		}
		return !control.findElements(By.xpath("ancestor::label")).isEmpty();
	}

	protected String create(Resource resource) {
		Response r = fhir.post(resource.fhirType(), resource);
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	protected static String unique() {
		return Long.toString(System.nanoTime(), 36);
	}
}
