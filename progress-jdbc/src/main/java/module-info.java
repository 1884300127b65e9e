/**
 * The progress store on PostgreSQL or H2 through Jdbi. Its migration scripts ({@code db/migration/...}) are
 * read by {@code ProgressSchema} from inside the module; a Flyway setup on the module path reads them from the
 * jar as resources.
 */
module dev.progress.jdbc {
  requires transitive dev.progress.core;
  requires dev.progress.json;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires transitive org.jdbi.v3.core;
  requires transitive java.sql;
  requires static org.jspecify;
  requires static org.postgresql.jdbc;

  exports dev.progress.jdbc;
}
