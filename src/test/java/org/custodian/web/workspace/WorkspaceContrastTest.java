package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * WCAG 2.1 AA contrast (4.5:1 for text) of every text and background colour pair the workspace's
 * stylesheet uses, computed from the stylesheet itself, so a colour changed there is checked here.
 */
class WorkspaceContrastTest {

	private static final Path CSS = Path.of("src/main/resources/static/assets/workspace.css");

	@Test
	void everyTextColourMeetsAaOnTheBackgroundsItIsUsedOn() throws IOException {
		String css = Files.readString(CSS);
		Map<String, String> vars = new HashMap<>();
		Matcher m = Pattern.compile("--([a-z-]+):\\s*(#[0-9a-fA-F]{6})").matcher(css);
		while (m.find()) {
			vars.put(m.group(1), m.group(2));
		}
		String[][] pairs = {
				{vars.get("ink"), vars.get("paper"), "text"},
				{vars.get("ink"), vars.get("wash"), "text on the page background"},
				{vars.get("muted"), vars.get("paper"), "secondary text"},
				{vars.get("muted"), vars.get("wash"), "secondary text on the page background"},
				{vars.get("brand"), vars.get("paper"), "links"},
				{vars.get("brand"), vars.get("wash"), "links on the page background"},
				{vars.get("brand-ink"), vars.get("brand"), "the navigation bar"},
				{vars.get("danger"), vars.get("paper"), "errors"},
				{"#ffffff", vars.get("danger"), "the break-the-glass button"},
				{vars.get("warn-ink"), vars.get("warn-bg"), "sensitivity and VIP warnings"},
				{"#7a0f12", "#fde8e8", "allergy, deceased and break-the-glass banners"},
				{"#1e4620", "#e6f4ea", "confirmation banners"},
				{vars.get("ink"), "#fff0f0", "urgent rows"},
				{vars.get("danger"), "#fff0f0", "urgent tags in urgent rows"}};
		for (String[] pair : pairs) {
			assertThat(css).as("the stylesheet still uses %s", pair[1]).containsIgnoringCase(pair[1]);
			assertThat(contrast(pair[0], pair[1])).as("%s: %s on %s", pair[2], pair[0], pair[1]).isGreaterThanOrEqualTo(4.5);
		}
	}

	static double contrast(String foreground, String background) {
		double a = luminance(foreground);
		double b = luminance(background);
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	}

	private static double luminance(String hex) {
		double[] rgb = new double[3];
		for (int i = 0; i < 3; i++) {
			double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
			rgb[i] = c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
		}
		return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
	}
}
