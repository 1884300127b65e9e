/**
 * The {@code progress} command-line tool: {@link dev.progress.examples.cli.ProgressCommand} and its
 * subcommands. {@code report} replays a JSON Lines event log (section 6 of the model) into a tracker that keeps
 * only the latest snapshots, and prints the report with each user's analytics (section 11) as JSON, a text
 * dashboard or an HTML page; {@code import} stores a log
 * through the JDBC store and {@code show} reads the report back; {@code demo} simulates a small platform on an
 * embedded H2. Every format of the model (event logs, plans, the JSON report) is read and written by
 * {@code progress-json} ({@link dev.progress.json.EventLog} is the one path every log takes: line numbers,
 * chunks, rejections; {@code StoreRetry} decides its retries when the database fails, and a failure is never a
 * rejection); this package holds the commands, the text dashboard and the database wiring ({@code Database}
 * opens and checks a database).
 * Everything except the command class is package-private: this is an application, not API.
 */
@NullMarked
package dev.progress.examples.cli;

import org.jspecify.annotations.NullMarked;
