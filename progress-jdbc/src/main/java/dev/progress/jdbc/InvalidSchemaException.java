package dev.progress.jdbc;

import dev.progress.core.ProgressException;

/**
 * The progress tables are not what this release of the module reads and writes: a table, a column or a unique
 * key is missing, a column has another type, or the recorded schema version is not {@link
 * ProgressSchema#CURRENT_VERSION}. The message names each problem, e.g. {@code table progress_snapshots is
 * missing}. Thrown by {@link ProgressSchema#verify} (and so by {@link ProgressSchema#install}); nothing was
 * written.
 */
public final class InvalidSchemaException extends ProgressException {
  private static final long serialVersionUID = 1L;

  InvalidSchemaException(String message) {
    super(message);
  }
}
