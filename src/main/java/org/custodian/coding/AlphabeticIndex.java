package org.custodian.coding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * The ICD-10-CM Alphabetic Index to Diseases and Injuries as CDC publishes it
 * ({@code icd10cm_index_YYYY.xml}: letters of main terms, each with nested subterms by level, a title
 * whose {@code nemod} parts are nonessential modifiers, and a code, or a cross-reference "see"):
 * read into the paths that lead to a code, a main term and its subterms in order ("Effusion,
 * pleural" gives J90). Cross-references are left out: they lead to other paths that carry codes.
 */
public final class AlphabeticIndex {

	/** One path through the index to a code: its words, its nonessential modifiers, and the code (a trailing "-": incomplete). */
	public record Entry(String phrase, String nonessential, String code) {}

	private AlphabeticIndex() {}

	public static List<Entry> read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return read(in);
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + file, e);
		}
	}

	static List<Entry> read(InputStream in) {
		XMLInputFactory f = XMLInputFactory.newFactory();
		f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		List<Entry> out = new ArrayList<>();
		Deque<String[]> path = new ArrayDeque<>(); // per open term: {title, nonessential}
		try {
			XMLStreamReader r = f.createXMLStreamReader(in);
			StringBuilder text = new StringBuilder();
			StringBuilder nemod = new StringBuilder();
			boolean inTitle = false;
			boolean inNemod = false;
			boolean indexSeen = false;
			while (r.hasNext()) {
				int event = r.next();
				if (event == XMLStreamConstants.START_ELEMENT) {
					String name = r.getLocalName();
					indexSeen |= name.equals("mainTerm");
					if (name.equals("mainTerm") || name.equals("term")) {
						path.push(new String[] {"", ""});
					} else if (name.equals("title") && !path.isEmpty()) {
						inTitle = true;
						text.setLength(0);
						nemod.setLength(0);
					} else if (name.equals("nemod")) {
						inNemod = true;
					} else if (name.equals("code")) {
						text.setLength(0);
					}
				} else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
					(inNemod ? nemod : text).append(r.getText());
				} else if (event == XMLStreamConstants.END_ELEMENT) {
					String name = r.getLocalName();
					if (name.equals("nemod")) {
						inNemod = false;
						nemod.append(' ');
					} else if (name.equals("title") && inTitle) {
						inTitle = false;
						String[] top = path.peek();
						top[0] = text.toString().trim();
						top[1] = nemod.toString().trim();
						text.setLength(0);
					} else if (name.equals("code") && !path.isEmpty()) {
						String code = text.toString().trim();
						if (!code.isEmpty()) {
							out.add(entry(path, code));
						}
						text.setLength(0);
					} else if (name.equals("mainTerm") || name.equals("term")) {
						path.pop();
						text.setLength(0);
					}
				}
			}
			if (!indexSeen) {
				throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Not an ICD-10-CM index: no main terms");
			}
		} catch (XMLStreamException e) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Not an ICD-10-CM index file: "
					+ e.getMessage());
		}
		return out;
	}

	private static Entry entry(Deque<String[]> path, String code) {
		List<String[]> outermostFirst = new ArrayList<>(path);
		java.util.Collections.reverse(outermostFirst);
		StringBuilder phrase = new StringBuilder();
		StringBuilder nonessential = new StringBuilder();
		for (String[] term : outermostFirst) {
			phrase.append(phrase.length() == 0 ? "" : ", ").append(term[0]);
			if (!term[1].isEmpty()) {
				nonessential.append(nonessential.length() == 0 ? "" : " ").append(term[1]);
			}
		}
		return new Entry(phrase.toString(), nonessential.toString(), CodeSystems.stored(CodeSystems.ICD10CM, code));
	}

	/** The code an entry gives, completed: an incomplete one ("M85.8-") by its default complete code in the release. */
	static @Nullable String complete(String code, java.util.NavigableMap<String, TerminologyStore.Row> complete) {
		String c = code.endsWith("-") ? code.substring(0, code.length() - 1) : code;
		TerminologyStore.Row exact = complete.get(c);
		if (exact != null) {
			return exact.code();
		}
		TerminologyStore.Row under = TitleIndex.defaultUnder(c, complete);
		return under == null ? null : under.code();
	}
}
