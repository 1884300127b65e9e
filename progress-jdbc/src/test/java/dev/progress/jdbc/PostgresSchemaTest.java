package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL schema: ready to be distributed by user_id, and installed once however many install it. */
class PostgresSchemaTest {
  @RegisterExtension static final PostgresDatabase PG = new PostgresDatabase();

  /** Tables of the store; progress_schema_version is the installer's own bookkeeping (see the README). */
  private static final List<String> TABLES =
      List.of("progress_users", "progress_events", "progress_snapshots");

  @Test
  void everyPrimaryKeyAndUniqueConstraint_includesUserId() {
    List<Map<String, Object>> keys = PG.jdbi().withHandle(h -> h.createQuery("""
            SELECT tc.table_name, tc.constraint_name, tc.constraint_type,
                   string_agg(k.column_name, ',' ORDER BY k.ordinal_position) AS columns
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage k
              ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
            WHERE tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND tc.table_schema = current_schema()
              AND tc.table_name <> 'progress_schema_version'
            GROUP BY tc.table_name, tc.constraint_name, tc.constraint_type""")
        .mapToMap().list());

    assertThat(keys).extracting(k -> k.get("table_name")).containsAll(TABLES);
    assertThat(keys).hasSize(4);
    assertThat(keys).allSatisfy(k ->
        assertThat(List.of(((String) k.get("columns")).split(","))).as(k.toString()).contains("user_id"));
  }

  @Test
  void everyUniqueIndex_includesUserId_andNothingUsesASequence() {
    // Unique indexes can exist without a constraint; Citus needs the distribution column in each of them too.
    List<Map<String, Object>> unique = PG.jdbi().withHandle(h -> h.createQuery("""
            SELECT i.indexrelid::regclass::text AS index,
                   array_to_string(ARRAY(SELECT a.attname FROM pg_attribute a
                                         WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)), ',') AS columns
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE i.indisunique AND t.relname LIKE 'progress\\_%' AND t.relname <> 'progress_schema_version'
              AND t.relnamespace = current_schema()::regnamespace""")
        .mapToMap().list());
    assertThat(unique).hasSize(4).allSatisfy(k ->
        assertThat(List.of(((String) k.get("columns")).split(","))).as(k.toString()).contains("user_id"));

    int sequences = PG.jdbi().withHandle(h -> h.createQuery(
        "SELECT COUNT(*) FROM information_schema.sequences WHERE sequence_schema = current_schema()")
        .mapTo(Integer.class).one());
    int serialDefaults = PG.jdbi().withHandle(h -> h.createQuery("""
            SELECT COUNT(*) FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_default LIKE 'nextval%'""")
        .mapTo(Integer.class).one());
    assertThat(sequences + serialDefaults).isZero();
  }

  @Test
  void install_again_isANoOp() {
    assertThat(ProgressSchema.install(PG.jdbi())).isEqualTo(ProgressSchema.CURRENT_VERSION);
    assertThat(ProgressSchema.installedVersion(PG.jdbi())).isEqualTo(ProgressSchema.CURRENT_VERSION);
    int rows = PG.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM progress_schema_version")
        .mapTo(Integer.class).one());
    assertThat(rows).isEqualTo(ProgressSchema.CURRENT_VERSION);
  }

  @Test
  void installedVersion_ofAnEmptyDatabase_isZeroAndCreatesNothing() {
    Jdbi.create(PG.server().getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE never_installed"));
    Jdbi empty = Jdbi.create(PostgresDatabase.url(PG.port(), "never_installed"));
    assertThat(ProgressSchema.installedVersion(empty)).isZero();
    int tables = empty.withHandle(h -> h.createQuery(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        .mapTo(Integer.class).one());
    assertThat(tables).isZero();
  }

  @Test
  void install_byManyInstancesAtOnce_installsOnce() throws Exception {
    // Without the advisory lock, concurrent CREATE TABLEs of the same name fail in all but one instance.
    var server = PG.server();
    Jdbi.create(server.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE concurrent_install"));
    int instances = 4;
    List<HikariDataSource> pools = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(instances);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> installs = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        HikariDataSource pool = PostgresDatabase.pool(server.getPort(), "concurrent_install", 1);
        pools.add(pool);
        installs.add(threads.submit(() -> {
          start.await();
          return ProgressSchema.install(pool);
        }));
      }
      start.countDown();
      for (Future<Integer> install : installs) {
        assertThat(install.get(60, TimeUnit.SECONDS)).isEqualTo(ProgressSchema.CURRENT_VERSION);
      }
      Jdbi jdbi = Jdbi.create(pools.get(0));
      List<Integer> versions = jdbi.withHandle(h -> h.createQuery(
          "SELECT version FROM progress_schema_version ORDER BY version").mapTo(Integer.class).list());
      assertThat(versions).containsExactly(1, 2, 3, 4, 5);
      assertThat(JdbiProgressStore.create(jdbi).users()).isEmpty();
    } finally {
      threads.shutdownNow();
      pools.forEach(HikariDataSource::close);
    }
  }
}
