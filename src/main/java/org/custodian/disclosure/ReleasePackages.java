package org.custodian.disclosure;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.ccda.ContinuityOfCareDocument;
import org.custodian.record.RecordStore;
import org.custodian.search.Everything;
import org.custodian.search.SearchPage;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Builds the package a request releases, from the patient's record as the caller may read it: only
 * the types and period asked for, no sensitive record the decision does not release (each one left
 * out listed with why), as a PDF for people or a FHIR Bundle for systems. The package is kept
 * exactly as built, with its SHA-256, and the release records which package went.
 */
@Service
public class ReleasePackages {

	/** A package built: its number, format, hash, pages (PDF), records enclosed and records left out. */
	public record Package(long id, long request, String format, String sha256, Integer pages, int resources,
			List<String> excluded, java.math.BigDecimal fee, String invoice) {}

	/** A package's bytes, as sent, and whose record they are. */
	public record Content(String format, byte[] bytes, String sha256, String patient) {
		public String contentType() {
			return contentType(format);
		}

		public static String contentType(String format) {
			return switch (format) {
				case "pdf" -> "application/pdf";
				case "ccda" -> "application/xml";
				default -> "application/fhir+json";
			};
		}

		/** The file name's extension for a download. */
		public static String extension(String format) {
			return switch (format) {
				case "pdf" -> ".pdf";
				case "ccda" -> ".xml";
				default -> ".json";
			};
		}
	}

	/** The formats a package is built in: a PDF for people, a FHIR Bundle or a C-CDA CCD for systems. */
	static final Set<String> FORMATS = Set.of("pdf", "fhir", "ccda");

	/** More records than this in one package: the request should be narrowed (types, period). */
	static final int MOST_RECORDS = 20_000;

	private final ReleaseRequests requests;
	private final SearchService search;
	private final RecordStore store;
	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final FhirContext ctx;
	private final DisclosureProperties properties;
	private final FeeSchedule fees;
	private final org.springframework.transaction.support.TransactionTemplate transactions;
	private final CertificationSignature certification;

	private final org.custodian.record.Sealing sealing;

	ReleasePackages(ReleaseRequests requests, SearchService search, RecordStore store, JdbcTemplate jdbc, Clock clock,
			FhirContext ctx, DisclosureProperties properties, FeeSchedule fees,
			org.springframework.transaction.support.TransactionTemplate transactions, CertificationSignature certification,
			org.custodian.record.Sealing sealing) {
		this.sealing = sealing;
		this.certification = certification;
		this.transactions = transactions;
		this.fees = fees;
		this.requests = requests;
		this.search = search;
		this.store = store;
		this.jdbc = jdbc;
		this.clock = clock;
		this.ctx = ctx;
		this.properties = properties;
	}

	public Package build(AccessContext access, long id, String format) {
		ReleaseRequests.requireStaff(access, "roi-package");
		return assemble(access, id, format);
	}

	/** Builds without the staff check ({@link RightOfAccess}). */
	Package assemble(AccessContext access, long id, String format) {
		if (!FORMATS.contains(format)) {
			throw new CustodianException.Invalid(ErrorCode.ROI_REQUEST_INVALID, "A package is pdf, fhir or ccda, not " + format);
		}
		ReleaseRequests.Received r = requests.find(id);
		if (!r.status().equals("open") || r.decision().outcome() != Decision.Outcome.RELEASE) {
			throw new CustodianException.Conflict(ErrorCode.ROI_RELEASE_REFUSED, "Request " + id + " cannot be packaged: it is "
					+ r.status() + " and its decision is " + r.decision().outcome().code());
		}
		SearchPage everything = search.everything(access, new Everything("Patient", r.request().patient(), List.of(), null),
				MOST_RECORDS);
		if (everything.hasMore()) {
			throw new CustodianException.Conflict(ErrorCode.ROI_REQUEST_INVALID, "The record holds more than " + MOST_RECORDS
					+ " records: narrow the request by type or period");
		}
		PackageContents.Selected selected = PackageContents.select(everything.resources(), Set.copyOf(r.recordTypes()),
				r.periodFrom(), r.periodTo(), r.decision());
		Patient patient = (Patient) store.read(access, "Patient", r.request().patient()).resource();
		String name = (patient.hasName() ? patient.getNameFirstRep().getNameAsSingleString() : "Patient/" + r.request().patient())
				+ (patient.hasBirthDate() ? ", born " + patient.getBirthDateElement().getValueAsString() : "");
		byte[] bytes;
		Integer pages = null;
		List<String> notRepresented = List.of();
		boolean selfServed = access.roles().contains("patient");
		String asked = r.format() == null ? format : r.format();
		String delivery = r.delivery() == null ? "" : r.delivery();
		Fees.Invoice invoice;
		if (format.equals("pdf")) {
			List<ResourceLines.Rendered> records = selected.included().stream().map(v -> ResourceLines.of(v.resource()))
					.sorted(Comparator.comparing(ResourceLines.Rendered::when, Comparator.nullsFirst(Comparator.naturalOrder())))
					.toList();
			// The invoice depends on the pages, which depend on the invoice's lines: lay out once to count them.
			PdfPackage.Cover cover = cover(access, r, name, List.of());
			int counted = PdfPackage.render(cover, records).pages();
			invoice = Fees.of(r.request(), asked, delivery, counted, selfServed, fees);
			PdfPackage.Cover signed = cover(access, r, name, List.of(invoice.text().split("\n")));
			PdfPackage.Rendered pdf = PdfPackage.render(signed, records);
			bytes = certification.sign(pdf.bytes(), signed.certifiedBy(), signed.organization(), clock.instant());
			pages = pdf.pages();
		} else if (format.equals("ccda")) {
			invoice = Fees.of(r.request(), asked, delivery, null, selfServed, fees);
			List<String> notices = r.decision().released().contains(SensitiveCategory.SUBSTANCE_USE)
					? List.of(PdfPackage.PART2_NOTICE) : List.of();
			ContinuityOfCareDocument.Written ccd = ContinuityOfCareDocument.write(new ContinuityOfCareDocument.Header(
					properties.organization(), java.util.Date.from(clock.instant()), notices), patient, selected.included()
							.stream().map(v -> (Resource) v.resource()).toList());
			bytes = ccd.xml();
			notRepresented = ccd.notRepresented().stream().map(ref -> ref + " - C-CDA has no section for it: ask for the"
					+ " PDF or FHIR package to include it").toList();
		} else {
			invoice = Fees.of(r.request(), asked, delivery, null, selfServed, fees);
			Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
			selected.included().forEach(v -> bundle.addEntry().setFullUrl(v.type() + "/" + v.id())
					.setResource((Resource) v.resource()));
			bytes = ctx.newJsonParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8);
		}
		String sha = sha256(bytes);
		List<String> excluded = new java.util.ArrayList<>(selected.excluded().stream().map(e -> e.reference() + " - "
				+ e.why()).toList());
		excluded.addAll(notRepresented);
		byte[] content = bytes;
		Integer pageCount = pages;
		Fees.Invoice fee = invoice;
		int enclosed = selected.included().size() - notRepresented.size();
		Long packageId = transactions.execute(status -> storePackage(access, id, format, content, sha, pageCount, enclosed,
				excluded, fee));
		return new Package(packageId == null ? -1 : packageId, id, format, sha, pages, enclosed, excluded,
				invoice.total(), invoice.text());
	}

	/** The package and the request's pointer to it, together. */
	private Long storePackage(AccessContext access, long id, String format, byte[] bytes, String sha, Integer pages,
			int enclosed, List<String> excluded, Fees.Invoice invoice) {
		boolean seal = sealing.enabled();
		// Sealed with the patient's own data key: destroying the chart leaves copies of its packages unreadable too.
		byte[] kept = seal ? sealing.seal(jdbc.queryForObject("select patient from roi_request where request_id = ?", String.class,
				id), bytes, "roi_package:" + sha) : bytes;
		Long packageId = jdbc.queryForObject("insert into roi_package (request_id, format, content, sha256, pages, resources,"
				+ " excluded, built_by, built_at, fee, invoice, sealed) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning"
				+ " package_id", Long.class, id, format, kept, sha, pages, enclosed, String.join("\n", excluded), access.actor(),
				Timestamp.from(clock.instant()), invoice.total(), invoice.text(), seal);
		jdbc.update("update roi_request set package_id = ? where request_id = ?", packageId, id);
		return packageId;
	}

	/** A package's facts (not its bytes). */
	public Package get(AccessContext access, long packageId) {
		ReleaseRequests.requireStaff(access, "roi-package");
		List<Package> found = jdbc.query("select package_id, request_id, format, sha256, pages, resources, excluded, fee, invoice"
				+ " from roi_package where package_id = ?", (rs, n) -> new Package(rs.getLong(1), rs.getLong(2), rs.getString(3),
						rs.getString(4), (Integer) rs.getObject(5), rs.getInt(6), rs.getString(7).isEmpty() ? List.of()
								: List.of(rs.getString(7).split("\n")), rs.getBigDecimal(8), rs.getString(9)), packageId);
		if (found.isEmpty()) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No package " + packageId);
		}
		return found.get(0);
	}

	private PdfPackage.Cover cover(AccessContext access, ReleaseRequests.Received r, String name, List<String> invoice) {
		return new PdfPackage.Cover(properties.organization(), r.id(), r.request().requesterName(),
				r.requesterAddress() == null ? "" : r.requesterAddress(), name, LocalDate.now(clock), r.decision().conditions(),
				r.decision().released().contains(SensitiveCategory.SUBSTANCE_USE), access.roles().contains("patient")
						? "The records system of " + properties.organization() + " (an electronic copy made at the patient's request)"
						: access.actor(), invoice);
	}

	public Content content(AccessContext access, long packageId) {
		ReleaseRequests.requireStaff(access, "roi-package");
		return stored(packageId);
	}

	Content stored(long packageId) {
		List<Content> found = jdbc.query("select p.format, p.content, p.sha256, r.patient, p.sealed from roi_package p join"
				+ " roi_request r on r.request_id = p.request_id where p.package_id = ?",
				(rs, n) -> new Content(rs.getString(1), rs.getBoolean(5) ? sealing.open(rs.getBytes(2), "roi_package:"
						+ rs.getString(3)) : rs.getBytes(2), rs.getString(3), rs.getString(4)), packageId);
		if (found.isEmpty()) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No package " + packageId);
		}
		return found.get(0);
	}

	static String sha256(byte[] bytes) {
		return HexFormat.of().formatHex(org.custodian.support.Digests.sha256(bytes));
	}
}
