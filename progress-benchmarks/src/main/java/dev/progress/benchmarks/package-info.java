/**
 * JMH benchmarks of the performance targets of issues 5 and 8. Every benchmark runs in the same JMH run as the
 * baseline it is judged against ({@link dev.progress.benchmarks.FloorTracker}, the least a tracker of the model
 * must do, next to the real tracker; 1M events of history next to 1K; raw pgjdbc next to the PostgreSQL store),
 * and {@link dev.progress.benchmarks.report.ResultsReport} turns JMH's JSON results into ratios, each with a
 * stable id ({@code P1-time}, ...). {@link dev.progress.benchmarks.ReportRun} times the command line as
 * processes. {@link dev.progress.benchmarks.Workload} makes the deterministic events they all share. Not API; the
 * module is never published. Run it with {@code progress-benchmarks/run [--quick]}.
 */
@NullMarked
package dev.progress.benchmarks;

import org.jspecify.annotations.NullMarked;
