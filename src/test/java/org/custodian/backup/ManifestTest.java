package org.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ManifestTest {

	private final Manifest manifest = new Manifest(Instant.parse("2026-11-25T04:07:40.389178Z"), "53",
			List.of(new Manifest.TableFile("resource", "tables/resource.copy.gz", List.of("res_id", "res_type"), 12, "ab12")),
			List.of(new Manifest.SequenceValue("res_id_seq", 200, true)), List.of(new Manifest.KeyFile("keys/audit-signing.jwk.json",
					"cd34")));

	@Test
	void readsBackWhatItWrites() {
		assertThat(Manifest.parse(manifest.toJson())).isEqualTo(manifest);
	}

	@Test
	void refusesAManifestThatIsNotACustodianBackupsOrIsDamaged() {
		assertThatThrownBy(() -> Manifest.parse("{\"format\":\"something-else\"}")).isInstanceOf(BackupFailure.class)
				.hasMessageContaining("not a Custodian backup's manifest");
		assertThatThrownBy(() -> Manifest.parse(manifest.toJson().replace("\"53\"", "\"53; drop table\"")))
				.isInstanceOf(BackupFailure.class).hasMessageContaining("the backup is damaged");
		assertThatThrownBy(() -> Manifest.parse(manifest.toJson().substring(10))).isInstanceOf(BackupFailure.class)
				.hasMessageContaining("the backup is damaged");
	}
}
