package org.custodian.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A process that starts the embedded PostgreSQL on a data directory, commits a row, says "ready" and
 * waits to be killed: what a Custodian killed without warning leaves behind (see {@code DurableStorageIT}).
 */
public final class KilledServerPostgres {

	private KilledServerPostgres() {}

	public static void main(String[] args) throws Exception {
		EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(Path.of(args[0]), 0);
		try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
			s.execute("create table kept (note text)");
			s.execute("insert into kept values ('committed before the kill')");
		}
		System.out.println("ready");
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}
}
