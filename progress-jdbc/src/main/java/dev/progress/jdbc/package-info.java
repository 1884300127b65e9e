/**
 * Keeps Progress events and snapshots in PostgreSQL or H2 through JDBI. {@link dev.progress.jdbc.JdbiProgressStore}
 * is the {@link dev.progress.core.spi.ProgressStore} to hand to a tracker; {@link dev.progress.jdbc.ProgressSchema}
 * creates its tables for applications that do not run Flyway or Liquibase (the same migrations ship as
 * {@code db/migration/postgresql} and {@code db/migration/h2} resources for those that do). Everything else in this
 * package is implementation.
 */
@NullMarked
package dev.progress.jdbc;

import org.jspecify.annotations.NullMarked;
