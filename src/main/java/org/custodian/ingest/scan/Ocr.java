package org.custodian.ingest.scan;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Optical character recognition with Tesseract (Debian's {@code tesseract-ocr}, run as a program:
 * {@code custodian.scan.tesseract}, default {@code tesseract} on the path). A page's words with
 * Tesseract's confidence in each, and its orientation (Tesseract's OSD). Without Tesseract installed
 * the server still takes scans: their pages are marked as not read, for the clerk to index by eye.
 */
@Component
class Ocr {

	/** A page's text, line by line, and the mean confidence (0–100) of its words. */
	record Read(String text, int words, double confidence) {}

	private static final long TIMEOUT_SECONDS = 120;

	private final String tesseract;
	private volatile @Nullable Boolean installed;

	Ocr(@Value("${custodian.scan.tesseract:tesseract}") String tesseract) {
		this.tesseract = tesseract;
	}

	boolean installed() {
		Boolean known = installed;
		if (known == null) {
			try {
				Process p = new ProcessBuilder(tesseract, "--version").redirectErrorStream(true).start();
				p.getInputStream().readAllBytes();
				known = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
			} catch (IOException e) {
				known = false;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				known = false;
			}
			installed = known;
		}
		return known;
	}

	/** The words of a page image. */
	Read read(BufferedImage page) throws IOException {
		String tsv = run(page, "-l", "eng", "--psm", "3", "tsv");
		StringBuilder text = new StringBuilder();
		String line = null;
		int words = 0;
		double confidence = 0;
		for (String row : tsv.split("\n")) {
			String[] f = row.split("\t", -1);
			// level page_num block_num par_num line_num word_num left top width height conf text
			if (f.length < 12 || !f[0].equals("5")) {
				continue;
			}
			double conf;
			try {
				conf = Double.parseDouble(f[10]);
			} catch (NumberFormatException e) {
				continue;
			}
			String word = f[11].strip();
			if (conf < 0 || word.isEmpty()) {
				continue;
			}
			String at = f[2] + "." + f[3] + "." + f[4];
			if (line != null && !line.equals(at)) {
				text.append('\n');
			} else if (line != null) {
				text.append(' ');
			}
			line = at;
			text.append(word);
			words++;
			confidence += conf;
		}
		return new Read(text.toString(), words, words == 0 ? 0 : confidence / words);
	}

	/**
	 * How far the page is turned (0, 90, 180 or 270 degrees clockwise to set it upright), or 0 when
	 * Tesseract cannot tell (too little text) or is not sure.
	 */
	int rotation(BufferedImage page) {
		try {
			String osd = run(page, "--psm", "0");
			int rotate = 0;
			double sure = 0;
			for (String row : osd.split("\n")) {
				if (row.startsWith("Rotate:")) {
					rotate = Integer.parseInt(row.substring("Rotate:".length()).strip());
				} else if (row.startsWith("Orientation confidence:")) {
					sure = Double.parseDouble(row.substring("Orientation confidence:".length()).strip());
				}
			}
			return sure >= 1.5 ? rotate : 0;
		} catch (IOException | RuntimeException e) {
			return 0; // OSD needs enough text; a page without it is not judged turned
		}
	}

	private String run(BufferedImage page, String... arguments) throws IOException {
		Path image = Files.createTempFile("custodian-scan-", ".png");
		Path out = Files.createTempFile("custodian-scan-", ".txt");
		try {
			ImageIO.write(page, "png", image.toFile());
			List<String> command = new ArrayList<>(List.of(tesseract, image.toString(), "stdout"));
			command.addAll(List.of(arguments));
			// Output to a file, so that the wait below is what bounds a Tesseract that hangs.
			Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(out.toFile())
					.start();
			if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new IOException("Tesseract took more than " + TIMEOUT_SECONDS + " s on a page");
			}
			if (p.exitValue() != 0) {
				throw new IOException("Tesseract failed on the page (exit " + p.exitValue() + ")");
			}
			return Files.readString(out, StandardCharsets.UTF_8);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while reading a page", e);
		} finally {
			Files.deleteIfExists(image);
			Files.deleteIfExists(out);
		}
	}
}
