package org.custodian.ingest.scan;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jspecify.annotations.Nullable;

/**
 * The pages of an uploaded file, each read and checked: a PDF page's own text when it has some (a
 * document printed to PDF), else the page as an image (a scan), read by OCR after the checks a
 * document-imaging lead makes of every page: blank (a separator sheet or the back of a page), turned
 * (read upright), unreadable (too little text recognised, or with too little confidence, for the text
 * to be trusted: the page is kept, and the clerk looks at it).
 */
final class ScannedPages {

	/** A page's text (null when none) and what was noticed about it (null when nothing). */
	record Page(int number, @Nullable String text, @Nullable String note) {}

	/** Rendering resolution: Tesseract reads 200 dpi scans well, and faster than 300. */
	static final float DPI = 200;
	/** Below this share of dark pixels a page is blank (scanner noise and punched holes stay under it). */
	static final double BLANK = 0.002;
	/** A page with fewer words, or a lower mean confidence, is unreadable. */
	static final int FEWEST_WORDS = 3;
	static final double LOWEST_CONFIDENCE = 45;

	private ScannedPages() {}

	static List<Page> read(byte[] content, String contentType, Ocr ocr) throws IOException {
		boolean pdf = contentType.contains("pdf") || content.length > 4 && content[0] == '%' && content[1] == 'P' && content[2]
				== 'D' && content[3] == 'F';
		return pdf ? pdf(content, ocr) : images(content, ocr);
	}

	private static List<Page> pdf(byte[] content, Ocr ocr) throws IOException {
		List<Page> pages = new ArrayList<>();
		try (PDDocument document = Loader.loadPDF(content)) {
			PDFRenderer renderer = new PDFRenderer(document);
			PDFTextStripper stripper = new PDFTextStripper();
			for (int i = 0; i < document.getNumberOfPages(); i++) {
				stripper.setStartPage(i + 1);
				stripper.setEndPage(i + 1);
				String own = stripper.getText(document).strip();
				if (own.length() >= 20) {
					pages.add(new Page(i + 1, own, null));
				} else {
					pages.add(image(i + 1, renderer.renderImageWithDPI(i, DPI, ImageType.GRAY), ocr));
				}
			}
		} catch (IOException e) {
			throw new IOException("not a readable PDF: " + e.getMessage(), e);
		}
		return pages;
	}

	private static List<Page> images(byte[] content, Ocr ocr) throws IOException {
		List<Page> pages = new ArrayList<>();
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
			Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
			if (!readers.hasNext()) {
				throw new IOException("not a PDF or an image (PNG, JPEG, TIFF, GIF, BMP)");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in);
				int count = reader.getNumImages(true); // a TIFF holds several pages
				for (int i = 0; i < count; i++) {
					pages.add(image(i + 1, reader.read(i), ocr));
				}
			} finally {
				reader.dispose();
			}
		}
		return pages;
	}

	static Page image(int number, BufferedImage page, Ocr ocr) throws IOException {
		if (darkShare(page) < BLANK) {
			return new Page(number, null, "blank");
		}
		if (!ocr.installed()) {
			return new Page(number, null, "not read: OCR (tesseract) is not installed on the server");
		}
		int turned = ocr.rotation(page);
		BufferedImage upright = turned == 0 ? page : rotate(page, turned);
		Ocr.Read read = ocr.read(upright);
		String note = turned == 0 ? null : "turned " + turned + "°, read upright";
		if (read.words() < FEWEST_WORDS || read.confidence() < LOWEST_CONFIDENCE) {
			note = (note == null ? "" : note + "; ") + "unreadable (" + read.words() + " words recognised, " + Math.round(read
					.confidence()) + "% confidence)";
		}
		return new Page(number, read.text().isBlank() ? null : read.text(), note);
	}

	/** The share of dark pixels (luminance under half), sampled every other pixel. */
	static double darkShare(BufferedImage image) {
		long dark = 0;
		long seen = 0;
		for (int y = 0; y < image.getHeight(); y += 2) {
			for (int x = 0; x < image.getWidth(); x += 2) {
				int rgb = image.getRGB(x, y);
				int luminance = (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
				if (luminance < 128) {
					dark++;
				}
				seen++;
			}
		}
		return seen == 0 ? 0 : (double) dark / seen;
	}

	/** The image turned clockwise by a multiple of 90 degrees. */
	static BufferedImage rotate(BufferedImage image, int degrees) {
		int w = image.getWidth();
		int h = image.getHeight();
		boolean sideways = degrees % 180 != 0;
		BufferedImage out = new BufferedImage(sideways ? h : w, sideways ? w : h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		AffineTransform t = new AffineTransform();
		t.translate(out.getWidth() / 2.0, out.getHeight() / 2.0);
		t.rotate(Math.toRadians(degrees));
		t.translate(-w / 2.0, -h / 2.0);
		g.drawImage(image, t, null);
		g.dispose();
		return out;
	}
}
