/**
 * JMH benchmarks of the performance targets of issue 5. Every benchmark runs in the same JMH run as the raw
 * baseline it is judged against ({@link dev.progress.benchmarks.TrackBenchmark#rawBaseline()} next to
 * {@link dev.progress.benchmarks.TrackBenchmark#track()}, the naive from-scratch tracker next to the
 * incremental one), and {@link dev.progress.benchmarks.report.ResultsReport} turns JMH's JSON results into
 * ratios. {@link dev.progress.benchmarks.Workload} makes the deterministic events they all share. Not API; the
 * module is never published. Run it with {@code progress-benchmarks/run [--quick]}.
 */
@NullMarked
package dev.progress.benchmarks;

import org.jspecify.annotations.NullMarked;
