package org.custodian.ingest.ccda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * One element of a CDA document, navigated by local name: CDA's elements are in the HL7 v3 namespace,
 * but documents written without it (several vendors' are) read the same. Missing children are absent,
 * never an error: a document is read for what it has.
 */
final class CdaElement {

	static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

	private final Element element;

	private CdaElement(Element element) {
		this.element = element;
	}

	/**
	 * The document's root, parsed with no DTD, no external entity and no schema fetched: a document
	 * from outside must not make the server read files or call out.
	 */
	static CdaElement parse(byte[] xml) throws IOException {
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setNamespaceAware(true);
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			f.setFeature("http://xml.org/sax/features/external-general-entities", false);
			f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
			f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			f.setXIncludeAware(false);
			f.setExpandEntityReferences(false);
			DocumentBuilder b = f.newDocumentBuilder();
			b.setErrorHandler(null);
			return new CdaElement(b.parse(new ByteArrayInputStream(xml)).getDocumentElement());
		} catch (ParserConfigurationException e) {
			throw new IllegalStateException(e);
		} catch (SAXException e) {
			throw new IOException("not well-formed XML: " + e.getMessage(), e);
		}
	}

	String name() {
		return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
	}

	@Nullable CdaElement child(String name) {
		for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e && name.equals(local(e))) {
				return new CdaElement(e);
			}
		}
		return null;
	}

	/** The child at the end of a path of names, or null. */
	@Nullable CdaElement at(String... path) {
		CdaElement at = this;
		for (String name : path) {
			at = at.child(name);
			if (at == null) {
				return null;
			}
		}
		return at;
	}

	List<CdaElement> children(String name) {
		List<CdaElement> out = new ArrayList<>();
		for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e && name.equals(local(e))) {
				out.add(new CdaElement(e));
			}
		}
		return out;
	}

	/** Every element child (any name). */
	List<CdaElement> elements() {
		List<CdaElement> out = new ArrayList<>();
		for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e) {
				out.add(new CdaElement(e));
			}
		}
		return out;
	}

	/** An attribute's value, null when absent or blank. */
	@Nullable String attr(String name) {
		String v = element.getAttribute(name);
		return v == null || v.isBlank() ? null : v.strip();
	}

	/** The xsi:type, without its prefix (PQ, CD, IVL_TS…). */
	@Nullable String xsiType(){
		String v = element.getAttributeNS(XSI, "type");
		if (v == null || v.isBlank()) {
			v = element.getAttribute("xsi:type"); // a document that forgot to declare the prefix
		}
		if (v == null || v.isBlank()) {
			return null;
		}
		int colon = v.indexOf(':');
		return v.substring(colon + 1).strip();
	}

	/** The element's text, whitespace collapsed, or null when empty. */
	@Nullable String text() {
		String t = element.getTextContent();
		if (t == null) {
			return null;
		}
		t = t.replaceAll("\\s+", " ").strip();
		return t.isEmpty() ? null : t;
	}

	boolean hasNullFlavor() {
		return attr("nullFlavor") != null;
	}

	/** The templateId roots (with their extension after a colon when they have one). */
	List<String> templates() {
		return children("templateId").stream().map(t -> t.attr("root") == null ? "" : t.attr("root")).toList();
	}

	boolean hasTemplate(String root) {
		return templates().contains(root);
	}

	/** Every element below this one with an ID attribute, by ID: what narrative references point at. */
	Map<String, String> narrativeIds() {
		Map<String, String> ids = new java.util.HashMap<>();
		collectIds(element, ids);
		return ids;
	}

	private static void collectIds(Element e, Map<String, String> ids) {
		String id = e.getAttribute("ID");
		if (id != null && !id.isBlank()) {
			String text = e.getTextContent() == null ? "" : e.getTextContent().replaceAll("\\s+", " ").strip();
			ids.putIfAbsent(id.strip(), text);
		}
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element c) {
				collectIds(c, ids);
			}
		}
	}

	Stream<CdaElement> descendants(String name) {
		List<CdaElement> out = new ArrayList<>();
		collect(element, name, out);
		return out.stream();
	}

	private static void collect(Element e, String name, List<CdaElement> out) {
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element c) {
				if (name.equals(local(c))) {
					out.add(new CdaElement(c));
				}
				collect(c, name, out);
			}
		}
	}

	private static String local(Element e) {
		return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
	}
}
