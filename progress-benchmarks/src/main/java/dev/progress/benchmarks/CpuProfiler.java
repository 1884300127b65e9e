package dev.progress.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, beside JMH's wall-clock score: {@code cpu.process} is the CPU time of the whole
 * benchmark JVM (the benchmark thread, the garbage collector's and the compiler's threads) per operation,
 * {@code cpu.worker} that of JMH's worker threads alone, both in ns/op. On a shared machine a thread that is
 * runnable but not running still adds wall-clock time, which makes wall-clock ratios of benchmarks run minutes
 * apart as unsteady as the machine's load; CPU time does not count that wait. Use with
 * {@code -prof dev.progress.benchmarks.CpuProfiler}. Not thread-safe; JMH calls it from one thread.
 */
public final class CpuProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long processStart;
  private long workersStart;

  @Override
  public String getDescription() {
    return "CPU time per operation: the whole JVM (cpu.process) and JMH's worker threads (cpu.worker)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    workersStart = workerCpu();
    processStart = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long process = os.getProcessCpuTime() - processStart;
    long workers = workerCpu() - workersStart;
    long ops = result.getMetadata().getAllOps();
    if (ops <= 0 || process < 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("cpu.process", (double) process / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.worker", (double) workers / ops, "ns/op", AggregationPolicy.AVG));
  }

  /** The CPU time of JMH's worker threads so far; they live through a benchmark's iterations. */
  private long workerCpu() {
    long sum = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains("jmh-worker")) {
        long cpu = threads.getThreadCpuTime(t.getThreadId());
        sum += Math.max(0, cpu);
      }
    }
    return sum;
  }
}
