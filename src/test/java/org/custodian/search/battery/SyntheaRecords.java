package org.custodian.search.battery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.custodian.search.IndexEntry;
import org.custodian.search.SearchIndexer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;

/**
 * Every resource of a {@link SyntheaDataSet} under its Synthea identity, {@code Type/uuid} (the
 * uuid of its {@code urn:uuid:} fullUrl), with every reference rewritten to such an identity:
 * {@code urn:uuid:} placeholders and conditional references ({@code Practitioner?identifier=…})
 * alike. Servers assign their own ids, so results are compared in these terms; the search battery
 * also reads its query values from here.
 */
public final class SyntheaRecords {

	private static final FhirContext CTX = FhirContext.forR4Cached();

	private final Map<String, Resource> byIdentity;
	private final Map<String, List<IndexEntry>> entries = new ConcurrentHashMap<>();
	private SearchIndexer indexer;

	private SyntheaRecords(Map<String, Resource> byIdentity) {
		this.byIdentity = byIdentity;
	}

	public static SyntheaRecords of(SyntheaDataSet dataSet) {
		List<Bundle> bundles = new ArrayList<>();
		for (byte[] json : dataSet.readAll()) {
			bundles.add(CTX.newJsonParser().parseResource(Bundle.class, new String(json, StandardCharsets.UTF_8)));
		}
		Map<String, String> fullUrls = new HashMap<>();
		Map<String, String> conditionals = new HashMap<>();
		Map<String, Resource> byIdentity = new LinkedHashMap<>();
		for (Bundle bundle : bundles) {
			for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
				String identity = identityOf(e);
				fullUrls.put(e.getFullUrl(), identity);
				if (e.getResource() instanceof DomainResource) {
					for (Identifier id : identifiers(e.getResource())) {
						conditionals.put(e.getResource().fhirType() + "?identifier=" + id.getSystem() + "|" + id.getValue(),
								identity);
					}
				}
				byIdentity.put(identity, e.getResource());
			}
		}
		for (Resource r : byIdentity.values()) {
			for (Reference ref : CTX.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
				String target = ref.getReference();
				if (target == null) {
					continue;
				}
				String identity = target.startsWith("urn:uuid:") ? fullUrls.get(target) : conditionals.get(target);
				if (identity != null) {
					ref.setReference(identity);
				}
			}
		}
		return new SyntheaRecords(byIdentity);
	}

	/** {@code Type/uuid} of a bundle entry. */
	static String identityOf(Bundle.BundleEntryComponent entry) {
		String fullUrl = entry.getFullUrl();
		if (fullUrl == null || !fullUrl.startsWith("urn:uuid:")) {
			throw new IllegalStateException("Synthea entry without a urn:uuid fullUrl: " + fullUrl);
		}
		return entry.getResource().fhirType() + "/" + fullUrl.substring("urn:uuid:".length());
	}

	private static List<Identifier> identifiers(Resource r) {
		if (CTX.getResourceDefinition(r).getChildByName("identifier") == null) {
			return List.of();
		}
		return CTX.newTerser().getValues(r, r.fhirType() + ".identifier", Identifier.class);
	}

	public Resource get(String identity) {
		Resource r = byIdentity.get(identity);
		if (r == null) {
			throw new IllegalArgumentException("Not in the data set: " + identity);
		}
		return r;
	}

	public boolean contains(String identity) {
		return byIdentity.containsKey(identity);
	}

	public Collection<String> identities() {
		return byIdentity.keySet();
	}

	/** Identities of one type, in load order. */
	public List<String> ofType(String type) {
		List<String> out = new ArrayList<>();
		for (String identity : byIdentity.keySet()) {
			if (identity.startsWith(type + "/")) {
				out.add(identity);
			}
		}
		return out;
	}

	public TreeSet<String> types() {
		TreeSet<String> types = new TreeSet<>();
		for (Resource r : byIdentity.values()) {
			types.add(r.fhirType());
		}
		return types;
	}

	/**
	 * The search-index entries of one resource (Custodian's extraction of every R4 parameter), used
	 * only to pick query values and to tell ties in sorted results: what a query should return is
	 * taken from the peer server, never from here.
	 */
	public List<IndexEntry> entries(String identity) {
		return entries.computeIfAbsent(identity, id -> indexer().extract(get(id)));
	}

	/** The entries of one parameter of one resource. */
	public List<IndexEntry> entries(String identity, String param) {
		List<IndexEntry> out = new ArrayList<>();
		for (IndexEntry e : entries(identity)) {
			if (e.param().equals(param)) {
				out.add(e);
			}
		}
		return out;
	}

	private synchronized SearchIndexer indexer() {
		if (indexer == null) {
			indexer = new SearchIndexer(CTX);
		}
		return indexer;
	}
}
