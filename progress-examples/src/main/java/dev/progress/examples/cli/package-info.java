/**
 * The {@code progress} command-line tool: {@link dev.progress.examples.cli.ProgressCommand} and its
 * subcommands. {@code report} replays a JSON Lines event log (section 6 of the model) into a tracker and prints
 * the report; the helpers here read events and plans with Jackson, keep only the latest snapshots while
 * streaming, and write the report as JSON or as a text dashboard. Everything except the command class is
 * package-private: this is an application, not API.
 */
@NullMarked
package dev.progress.examples.cli;

import org.jspecify.annotations.NullMarked;
