package org.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.custodian.backup.SchemaCatalog.ForeignKey;
import org.junit.jupiter.api.Test;

class LoadOrderTest {

	@Test
	void loadsEveryTableAfterTheTablesItRefersTo() {
		LoadOrder order = LoadOrder.of(Set.of("resource_version", "resource", "audit_event"), List.of(
				new ForeignKey("resource_version", "resource_version_res_id_fkey", "resource")));

		assertThat(order.tables()).containsExactly("audit_event", "resource", "resource_version");
		assertThat(order.deferred()).isEmpty();
	}

	@Test
	void defersOnlyTheKeysOfTheTableThatBreaksACycle() {
		ForeignKey requestNamesPackage = new ForeignKey("roi_request", "roi_request_package_id_fkey", "roi_package");
		ForeignKey packageNamesRequest = new ForeignKey("roi_package", "roi_package_request_id_fkey", "roi_request");
		ForeignKey disclosureNamesRequest = new ForeignKey("disclosure", "disclosure_request_id_fkey", "roi_request");

		LoadOrder order = LoadOrder.of(Set.of("disclosure", "roi_package", "roi_request"), List.of(requestNamesPackage,
				packageNamesRequest, disclosureNamesRequest));

		assertThat(order.tables()).containsExactly("roi_package", "roi_request", "disclosure");
		assertThat(order.deferred()).containsExactly(packageNamesRequest);
	}

	@Test
	void aTableThatRefersToItselfNeedsNothingDeferred() {
		LoadOrder order = LoadOrder.of(Set.of("task"), List.of(new ForeignKey("task", "task_parent_fkey", "task")));

		assertThat(order.tables()).containsExactly("task");
		assertThat(order.deferred()).isEmpty();
	}
}
