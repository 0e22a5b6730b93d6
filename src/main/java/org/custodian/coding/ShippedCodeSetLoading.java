package org.custodian.coding;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads the code sets that ship with Custodian ({@link ShippedCodeSets}) into a database that lacks
 * them: in the background after start ({@code custodian.coding.load-at-start}, on by default), and
 * in any case before the first terminology question is answered. Each release is written whole in
 * its own transaction, once: a release already there (loaded by another process) is left alone.
 */
@Component
class ShippedCodeSetLoading {

	private static final Logger log = LoggerFactory.getLogger(ShippedCodeSetLoading.class);

	private final TerminologyStore store;
	private final Clock clock;
	private final boolean atStart;
	private volatile boolean loaded;

	ShippedCodeSetLoading(TerminologyStore store, Clock clock, @Value("${custodian.coding.load-at-start:true}") boolean atStart) {
		this.store = store;
		this.clock = clock;
		this.atStart = atStart;
	}

	@EventListener(ApplicationReadyEvent.class)
	void startInTheBackground() {
		if (!atStart || loaded) {
			return;
		}
		Thread t = new Thread(() -> {
			try {
				ensureLoaded();
			} catch (RuntimeException e) {
				log.error("Loading the shipped code sets failed; it is tried again when a code is first looked up", e);
			}
		}, "code-set-loading");
		t.setDaemon(true);
		t.start();
	}

	/** Loads what is missing, once per process; later calls return at once. */
	void ensureLoaded() {
		if (loaded) {
			return;
		}
		synchronized (this) {
			if (loaded) {
				return;
			}
			var known = store.releases().stream().map(r -> r.system() + "|" + r.version()).toList();
			long started = System.nanoTime();
			int written = 0;
			if (!known.containsAll(ShippedCodeSets.ICD10CM_VERSIONS.stream().map(v -> CodeSystems.ICD10CM + "|" + v).toList())) {
				for (Release r : ShippedCodeSets.icd10cm()) {
					if (!known.contains(r.system() + "|" + r.version()) && store.save(r, "shipped", clock.instant())) {
						written++;
					}
				}
			}
			if (!known.contains(CodeSystems.HCPCS + "|" + ShippedCodeSets.HCPCS_VERSION)
					&& store.save(ShippedCodeSets.hcpcs(), "shipped", clock.instant())) {
				written++;
			}
			if (!store.hasMap(CodeSystems.ICD9CM, CodeSystems.ICD10CM, ShippedCodeSets.GEMS_VERSION)) {
				for (ConceptMaps.Map m : ShippedCodeSets.gems()) {
					store.save(m, clock.instant());
				}
			}
			if (written > 0) {
				log.info("Loaded {} shipped code set releases in {} ms", written, (System.nanoTime() - started) / 1_000_000);
			}
			loaded = true;
		}
	}
}
