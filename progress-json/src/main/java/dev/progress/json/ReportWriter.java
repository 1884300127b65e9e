package dev.progress.json;

import dev.progress.core.UserProgress;
import dev.progress.core.analytics.AnalyticsReport;
import java.io.Closeable;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Writes the report of sections 6 and 11 of the model one user at a time, so that a report of many users needs
 * memory for one of them ({@link ProgressJson#reportWriter}); the output is what {@link ProgressJson#writeReport}
 * writes for the same users. Give the users sorted by id; {@link #close} ends the report (and does not close the
 * writer it writes to). Not thread-safe; confine to one thread.
 */
public interface ReportWriter extends Closeable {

  /** Writes one user: their figures and, when given, the sections of section 11. */
  void user(UserProgress user, @Nullable AnalyticsReport analytics) throws IOException;

  /** Ends the users, the report and its line. */
  @Override
  void close() throws IOException;
}
