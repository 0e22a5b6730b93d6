package org.custodian.ccda;

import java.io.ByteArrayOutputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A small builder over a DOM in the CDA namespace: {@code add} appends a child and answers it,
 * {@code attr} sets an attribute when there is a value, so the section writers read like the
 * document they make.
 */
final class CdaXml {

	static final String V3 = "urn:hl7-org:v3";
	static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
	static final String SDTC = "urn:hl7-org:sdtc";

	private final Element element;

	private CdaXml(Element element) {
		this.element = element;
	}

	static CdaXml document(String rootName) {
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setNamespaceAware(true);
			Document d = f.newDocumentBuilder().newDocument();
			Element root = d.createElementNS(V3, rootName);
			root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsi", XSI);
			root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:sdtc", SDTC);
			d.appendChild(root);
			return new CdaXml(root);
		} catch (ParserConfigurationException e) {
			throw new IllegalStateException(e);
		}
	}

	CdaXml add(String name) {
		Element child = element.getOwnerDocument().createElementNS(V3, name);
		element.appendChild(child);
		return new CdaXml(child);
	}

	/** A child in the SDTC extension namespace (sdtc:raceCode and the like). */
	CdaXml addSdtc(String name) {
		Element child = element.getOwnerDocument().createElementNS(SDTC, "sdtc:" + name);
		element.appendChild(child);
		return new CdaXml(child);
	}

	CdaXml attr(String name, @Nullable String value) {
		if (value != null) {
			element.setAttribute(name, value);
		}
		return this;
	}

	/** The xsi:type of a polymorphic value (CD, PQ, ST, IVL_TS …). */
	CdaXml type(String xsiType) {
		element.setAttributeNS(XSI, "xsi:type", xsiType);
		return this;
	}

	CdaXml text(@Nullable String text) {
		if (text != null) {
			element.appendChild(element.getOwnerDocument().createTextNode(text));
		}
		return this;
	}

	/** An element with only text: {@code <title>Problems</title>}. */
	CdaXml add(String name, @Nullable String text) {
		return add(name).text(text);
	}

	CdaXml templateId(String root, @Nullable String extension) {
		add("templateId").attr("root", root).attr("extension", extension);
		return this;
	}

	byte[] bytes() {
		try {
			var t = TransformerFactory.newInstance().newTransformer();
			t.setOutputProperty(OutputKeys.INDENT, "yes");
			t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
			t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			t.transform(new DOMSource(element.getOwnerDocument()), new StreamResult(out));
			return out.toByteArray();
		} catch (TransformerException e) {
			throw new IllegalStateException(e);
		}
	}
}
