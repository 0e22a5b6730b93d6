package org.custodian.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import org.custodian.access.AccessContext;
import org.custodian.record.BundleProcessor;
import org.custodian.support.CustodianException;
import org.custodian.support.JsonNumberGuard;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;

/**
 * Loads files into the record through the same bundle path as the API: transaction and batch
 * bundles as they are (so Synthea output loads unchanged), other bundles and single resources as
 * batches, NDJSON in chunks. Resources that carry an id keep it (update as create), so references
 * between NDJSON files hold. NDJSON lines whose references point at resources of a later file are
 * retried after the other files, until no more succeed.
 */
@Service
public class FileImport {

	static final int CHUNK = 500;
	/** Resources kept for a retry pass; past this, a missing target is a plain failure. */
	static final int MAX_DEFERRED = 100_000;

	private final FhirContext ctx;
	private final BundleProcessor bundles;

	FileImport(FhirContext ctx, BundleProcessor bundles) {
		this.ctx = ctx;
		this.bundles = bundles;
	}

	public ImportReport run(AccessContext access, Path path, Consumer<String> progress) throws IOException {
		List<Path> files = ImportSource.files(path);
		Tally tally = new Tally(System.currentTimeMillis());
		List<Resource> deferred = new ArrayList<>();
		for (int i = 0; i < files.size(); i++) {
			Path file = files.get(i);
			try {
				if (ImportSource.isNdjson(file)) {
					importNdjson(access, file, tally, deferred);
				} else {
					importJson(access, file, tally);
				}
			} catch (RuntimeException | IOException e) {
				tally.fail(file.getFileName() + ": " + e.getMessage());
			}
			progress.accept(String.format("import: %d/%d files, %d resources, %d failed, %.0f resources/s",
					i + 1, files.size(), tally.resources, tally.failed, tally.rate()));
		}
		retryDeferred(access, deferred, tally);
		return new ImportReport(files.size(), tally.resources, tally.failed,
				System.currentTimeMillis() - tally.started, tally.failures);
	}

	private void importJson(AccessContext access, Path file, Tally tally) throws IOException {
		String json;
		try (InputStream in = open(file)) {
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		if (!JsonNumberGuard.acceptable(json)) {
			throw new IOException(JsonNumberGuard.refusal());
		}
		IBaseResource parsed = ctx.newJsonParser().parseResource(json);
		Bundle bundle = parsed instanceof Bundle b && (b.getType() == BundleType.TRANSACTION || b.getType() == BundleType.BATCH)
				? b : asBatch(parsed);
		Bundle response = bundles.process(access, bundle, false);
		count(file.getFileName().toString(), response, tally, null, null);
	}

	/** Loads one NDJSON stream (one resource per line), as sent to {@code POST [base]/$import}. */
	public ImportReport runNdjson(AccessContext access, String name, InputStream in) throws IOException {
		Tally tally = new Tally(System.currentTimeMillis());
		List<Resource> deferred = new ArrayList<>();
		importNdjson(access, name, in, tally, deferred);
		retryDeferred(access, deferred, tally);
		return new ImportReport(1, tally.resources, tally.failed, System.currentTimeMillis() - tally.started,
				tally.failures);
	}

	private void importNdjson(AccessContext access, Path file, Tally tally, List<Resource> deferred) throws IOException {
		try (InputStream in = open(file)) {
			importNdjson(access, file.getFileName().toString(), in, tally, deferred);
		}
	}

	private void importNdjson(AccessContext access, String name, InputStream in, Tally tally, List<Resource> deferred)
			throws IOException {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			List<Resource> chunk = new ArrayList<>();
			String line;
			int lineNo = 0;
			while ((line = reader.readLine()) != null) {
				lineNo++;
				if (line.isBlank()) {
					continue;
				}
				if (!JsonNumberGuard.acceptable(line)) {
					tally.fail(name + " line " + lineNo + ": " + JsonNumberGuard.refusal());
					continue;
				}
				try {
					chunk.add((Resource) ctx.newJsonParser().parseResource(line));
				} catch (DataFormatException | ClassCastException e) {
					tally.fail(name + " line " + lineNo + ": " + e.getMessage());
				}
				if (chunk.size() == CHUNK) {
					loadChunk(access, name, chunk, tally, deferred);
					chunk = new ArrayList<>();
				}
			}
			loadChunk(access, name, chunk, tally, deferred);
		}
	}

	private void loadChunk(AccessContext access, String name, List<Resource> chunk, Tally tally, List<Resource> deferred) {
		if (chunk.isEmpty()) {
			return;
		}
		// One transaction per chunk (one commit, one fsync); only a chunk that fails is redone entry by
		// entry, so one bad line costs its chunk some speed, never its neighbours' data.
		Bundle transaction = batchOf(chunk).setType(BundleType.TRANSACTION);
		try {
			count(name, bundles.process(access, transaction, false), tally, chunk, deferred);
		} catch (RuntimeException e) {
			count(name, bundles.process(access, batchOf(chunk), false), tally, chunk, deferred);
		}
	}

	/** Retries entries whose targets were missing, in passes, until a pass loads nothing more. */
	private void retryDeferred(AccessContext access, List<Resource> deferred, Tally tally) {
		while (!deferred.isEmpty()) {
			List<Resource> again = new ArrayList<>();
			Bundle response = bundles.process(access, batchOf(deferred), false);
			boolean last = count("retry", response, tally, deferred, again) == 0;
			if (last) {
				for (int i = 0; i < again.size(); i++) {
					tally.fail("retry: " + again.get(i).fhirType() + "/" + again.get(i).getIdElement().getIdPart()
							+ " still refers to a resource that does not exist");
				}
				return;
			}
			deferred = again;
		}
	}

	/**
	 * Counts the entries of a response: successes, and failures, except that an entry whose reference
	 * target is missing goes to {@code deferred} (when given) instead of failing. Returns the successes.
	 */
	private static int count(String name, Bundle response, Tally tally, List<Resource> sent, List<Resource> deferred) {
		int ok = 0;
		for (int i = 0; i < response.getEntry().size(); i++) {
			Bundle.BundleEntryResponseComponent r = response.getEntry().get(i).getResponse();
			if (r.getStatus() != null && r.getStatus().startsWith("2")) {
				tally.resources++;
				ok++;
				continue;
			}
			String why = r.hasOutcome() ? ((org.hl7.fhir.r4.model.OperationOutcome) r.getOutcome()).getIssueFirstRep()
					.getDiagnostics() : r.getStatus();
			if (deferred != null && deferred.size() < MAX_DEFERRED && why != null && why.contains("which does not exist")) {
				deferred.add(sent.get(i));
			} else {
				tally.fail(name + " entry " + i + ": " + why);
			}
		}
		return ok;
	}

	private Bundle asBatch(IBaseResource parsed) {
		List<Resource> resources = new ArrayList<>();
		if (parsed instanceof Bundle b) {
			b.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).forEach(e -> resources.add(e.getResource()));
		} else {
			resources.add((Resource) parsed);
		}
		return batchOf(resources);
	}

	private static Bundle batchOf(List<Resource> resources) {
		Bundle batch = new Bundle().setType(BundleType.BATCH);
		for (Resource r : resources) {
			Bundle.BundleEntryComponent e = batch.addEntry().setResource(r);
			String type = r.fhirType();
			if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
				e.getRequest().setMethod(HTTPVerb.PUT).setUrl(type + "/" + r.getIdElement().getIdPart());
			} else {
				e.getRequest().setMethod(HTTPVerb.POST).setUrl(type);
			}
		}
		return batch;
	}

	private static InputStream open(Path file) throws IOException {
		InputStream in = Files.newInputStream(file);
		return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
	}

	private static final class Tally {
		final long started;
		long resources;
		long failed;
		final List<String> failures = new ArrayList<>();

		Tally(long started) {
			this.started = started;
		}

		/** Failures beyond this many are counted, not kept: an import of bad lines must not fill the heap. */
		static final int FAILURES_KEPT = 1000;

		void fail(String line) {
			failed++;
			if (failures.size() < FAILURES_KEPT) {
				failures.add(line);
			}
		}

		double rate() {
			long ms = System.currentTimeMillis() - started;
			return ms == 0 ? 0 : resources * 1000.0 / ms;
		}
	}
}
