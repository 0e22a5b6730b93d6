package org.custodian.ccda;

import java.util.List;

/**
 * One section of the document: its template, LOINC code and title, a narrative table people read,
 * and the coded entries systems read. Each row carries an ID the entry's text points at, so the
 * narrative and the entries say the same thing. A section with no rows says "no information"
 * (nullFlavor NI), which C-CDA allows for a required section.
 */
final class CcdSection {

	private final CdaXml section;
	private final CdaXml rows;
	private final String prefix;
	private int count;

	private CcdSection(CdaXml section, CdaXml rows, String prefix) {
		this.section = section;
		this.rows = rows;
		this.prefix = prefix;
	}

	static CcdSection open(CdaXml body, String template, String extension, String loinc, String loincName, String title,
			List<String> columns) {
		CdaXml section = body.add("component").add("section");
		section.templateId(template, null).templateId(template, extension);
		CdaValues.code(section.add("code"), loinc, "2.16.840.1.113883.6.1", loincName).attr("codeSystemName", "LOINC");
		section.add("title", title);
		CdaXml table = section.add("text").add("table").attr("border", "1").attr("width", "100%");
		CdaXml head = table.add("thead").add("tr");
		columns.forEach(c -> head.add("th", c));
		CdaXml rows = table.add("tbody");
		return new CcdSection(section, rows, title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-"));
	}

	/** A row of the narrative and the entry that codes it; answers the entry and the row's ID for its text reference. */
	Row row(List<String> cells) {
		String reference = line(cells);
		return new Row(entry(), reference);
	}

	/** A row of the narrative alone (one of several an entry codes); answers its reference, "#id". */
	String line(List<String> cells) {
		count++;
		String id = prefix + count;
		CdaXml tr = rows.add("tr");
		tr.add("td").add("content").attr("ID", id).text(cells.get(0));
		cells.subList(1, cells.size()).forEach(c -> tr.add("td", c));
		return "#" + id;
	}

	/** An entry, for an act that codes one or more rows. */
	CdaXml entry() {
		return section.add("entry").attr("typeCode", "DRIV");
	}

	/** Closes the section: with no rows, it says so. */
	void close() {
		if (count == 0) {
			section.attr("nullFlavor", "NI");
			rows.add("tr").add("td", "No information");
		}
	}

	int rows() {
		return count;
	}

	record Row(CdaXml entry, String reference) {

		/** The {@code <text><reference value="#row"/></text>} an entry's act carries. */
		void text(CdaXml act) {
			text(act, reference);
		}

		static void text(CdaXml act, String reference) {
			act.add("text").add("reference").attr("value", reference);
		}
	}
}
