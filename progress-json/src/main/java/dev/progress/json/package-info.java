/**
 * The JSON formats of the progress model, through Jackson: events (section 1), one per line in a JSON Lines log
 * (section 6), read by an {@link dev.progress.json.EventReader} with a result per item naming the field and the
 * value; the plan (section 5) and the report (section 6) through {@link dev.progress.json.ProgressJson}; and
 * untrusted input tracked without exceptions ({@link dev.progress.json.ProgressJson#trackAll},
 * {@link dev.progress.json.EventLog}). The public types are the front door {@code ProgressJson}, the readers
 * and their results; the Jackson configuration, the strict UTF-8 line reader, the RFC 3339 timestamps and the
 * plan and report mappings are package-private.
 */
@NullMarked
package dev.progress.json;

import org.jspecify.annotations.NullMarked;
