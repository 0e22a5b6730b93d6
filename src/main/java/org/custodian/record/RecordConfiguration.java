package org.custodian.record;

import java.time.Clock;

import org.custodian.access.ConsentDirectory;
import org.custodian.access.SensitivityLabelling;
import org.custodian.record.internal.DataKeys;
import org.custodian.record.internal.IndexTables;
import org.custodian.record.internal.MasterKeys;
import org.custodian.record.internal.RecordParts;
import org.custodian.record.internal.References;
import org.custodian.record.internal.ResourceCodec;
import org.custodian.record.internal.ResourceTable;
import org.custodian.record.internal.DestroyedCharts;
import org.custodian.search.MatchQuery;
import org.custodian.search.SearchIndexer;
import org.custodian.validation.BaseSpecValidator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/** Wires the record store's parts. */
@Configuration(proxyBeanMethods = false)
class RecordConfiguration {

	/** The master keys: configured, or in {@code DATA_DIR/keys/master.keys}. */
	@Bean
	MasterKeys masterKeys(@Value("${custodian.encryption.master-key:}") String configured,
			@Value("${custodian.encryption.previous-master-keys:}") java.util.List<String> previous,
			@Value("${custodian.database.data-dir:data}") java.nio.file.Path dataDir) {
		return MasterKeys.of(configured, previous, dataDir.toAbsolutePath().resolve("keys").resolve(MasterKeys.FILE));
	}

	@Bean
	DataKeys dataKeys(JdbcTemplate jdbc, MasterKeys masters) {
		return new DataKeys(jdbc, masters);
	}

	@Bean
	DestroyedCharts destroyedCharts(@Value("${custodian.database.data-dir:data}") java.nio.file.Path dataDir) {
		return new DestroyedCharts(dataDir.toAbsolutePath().resolve("keys").resolve(DestroyedCharts.FILE));
	}

	@Bean
	RecordParts recordParts(FhirContext ctx, Clock clock, JdbcTemplate jdbc, ConsentDirectory consents, DataKeys keys,
			@Value("${custodian.encryption.enabled:true}") boolean encrypt,
			SensitivityLabelling labelling, org.springframework.beans.factory.ObjectProvider<ReferenceGuard> guard,
			org.springframework.beans.factory.ObjectProvider<WriteGuard> changes) {
		java.util.List<WriteGuard> guards = changes.orderedStream().toList();
		// Off, new bodies are written plain; those sealed before still open (the keys are always there).
		ResourceCodec codec = encrypt ? new ResourceCodec(ctx, keys) : new ResourceCodec(ctx, keys, false);
		return new RecordParts(ctx, clock, new ResourceTable(jdbc, codec), new IndexTables(jdbc), codec,
				new References(ctx), new SearchIndexer(ctx), new BaseSpecValidator(ctx), new MatchQuery(ctx, jdbc),
				consents, labelling, guard.getIfAvailable(() -> ReferenceGuard.NONE), guards.isEmpty() ? WriteGuard.NONE
						: (type, id, resource) -> guards.forEach(g -> g.check(type, id, resource)));
	}

	@Bean
	TransactionTemplate recordTransactions(PlatformTransactionManager transactions) {
		return new TransactionTemplate(transactions);
	}
}
