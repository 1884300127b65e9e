package dev.progress.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every {@code @Benchmark} method of the module once, outside JMH, with its states set up as JMH would
 * (trial and iteration setups, then teardowns), so that a broken benchmark fails the build without the build
 * ever running JMH. Parameters take their first declared value, except those in {@link #SMALL}.
 */
class BenchmarksSmokeTest {
  /** Parameters whose declared values make a slow setup; a small value exercises the same code. */
  private static final Map<String, String> SMALL = Map.of("history", "50", "eventsPerUser", "20");

  private static final Blackhole BLACKHOLE = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @Test
  void everyBenchmark_runsOnce() throws Exception {
    List<Method> benchmarks = benchmarkMethods();
    assertThat(benchmarks).extracting(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName())
        .contains("TrackBenchmark.track", "TrackBenchmark.floor", "TrackBenchmark.trackAll",
            "TrackBenchmark.floorAll", "TrackBenchmark.rawBaseline", "HistoryBenchmark.trackAfterHistory",
            "HistoryBenchmark.naiveTrackAfterHistory", "HistoryBenchmark.readSpaceProgress",
            "PostgresIngestBenchmark.storeBatch", "PostgresIngestBenchmark.rawBatchInsert",
            "PostgresIngestBenchmark.rawCopy", "PostgresTrackBenchmark.track",
            "PostgresTrackBenchmark.rawInsertAndUpsert", "PostgresReadBenchmark.progress",
            "PostgresReadBenchmark.rawSelect", "PostgresRebuildBenchmark.rebuildAll",
            "PostgresRebuildBenchmark.rawReplayAndWrite", "PostgresRebuildBenchmark.rawGroupBy");
    List<String> failures = new ArrayList<>();
    System.setProperty(TrackBenchmark.POOL_PROPERTY, "5000");
    try {
      for (Method m : benchmarks) {
        try {
          runOnce(m);
        } catch (InvocationTargetException e) {
          failures.add(m + ": " + e.getCause());
        }
      }
    } finally {
      System.clearProperty(TrackBenchmark.POOL_PROPERTY);
    }
    assertThat(failures).isEmpty();
  }

  private static void runOnce(Method benchmark) throws Exception {
    Map<Class<?>, Object> states = new java.util.LinkedHashMap<>();
    Class<?> declaring = benchmark.getDeclaringClass();
    Object owner = Modifier.isStatic(benchmark.getModifiers()) ? null
        : hasAnnotationInHierarchy(declaring) ? state(declaring, states)
        : declaring.getDeclaredConstructor().newInstance();
    List<Object> args = new ArrayList<>();
    for (Class<?> type : benchmark.getParameterTypes()) {
      args.add(type == Blackhole.class ? BLACKHOLE : state(type, states));
    }
    List<Object> all = new ArrayList<>(states.values());
    for (Object s : all) {
      invokeAll(s, org.openjdk.jmh.annotations.Level.Iteration, Setup.class, states);
      invokeAll(s, org.openjdk.jmh.annotations.Level.Invocation, Setup.class, states);
    }
    benchmark.invoke(owner, args.toArray());
    // dependents first: a state set up with another state in its setup is torn down before that one
    java.util.Collections.reverse(all);
    for (Object s : all) {
      invokeAll(s, org.openjdk.jmh.annotations.Level.Invocation, TearDown.class, states);
      invokeAll(s, org.openjdk.jmh.annotations.Level.Iteration, TearDown.class, states);
      invokeAll(s, org.openjdk.jmh.annotations.Level.Trial, TearDown.class, states);
    }
  }

  private static Object state(Class<?> type, Map<Class<?>, Object> states) throws Exception {
    Object existing = states.get(type);
    if (existing != null) {
      return existing;
    }
    assertThat(hasAnnotationInHierarchy(type)).as("%s is a @State", type).isTrue();
    Constructor<?> constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    Object state = constructor.newInstance();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        Param p = f.getAnnotation(Param.class);
        if (p != null) {
          String value = SMALL.getOrDefault(f.getName(), p.value()[0]);
          f.setAccessible(true);
          f.set(state, f.getType() == int.class ? (Object) Integer.parseInt(value) : value);
        }
      }
    }
    invokeAll(state, org.openjdk.jmh.annotations.Level.Trial, Setup.class, states);
    states.put(type, state);
    return state;
  }

  private static boolean hasAnnotationInHierarchy(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.isAnnotationPresent(State.class)) {
        return true;
      }
    }
    return false;
  }

  private static void invokeAll(Object state, org.openjdk.jmh.annotations.Level level,
      Class<? extends java.lang.annotation.Annotation> kind, Map<Class<?>, Object> states) throws Exception {
    for (Method m : state.getClass().getMethods()) {
      org.openjdk.jmh.annotations.Level at = null;
      if (kind == Setup.class && m.getAnnotation(Setup.class) != null) {
        at = m.getAnnotation(Setup.class).value();
      } else if (kind == TearDown.class && m.getAnnotation(TearDown.class) != null) {
        at = m.getAnnotation(TearDown.class).value();
      }
      if (at == level) {
        Object[] deps = new Object[m.getParameterCount()];
        for (int i = 0; i < deps.length; i++) {
          deps[i] = state(m.getParameterTypes()[i], states);
        }
        m.invoke(state, deps);
      }
    }
  }

  /** Every @Benchmark method of the classes in this package, found on disk so that new ones are included. */
  private static List<Method> benchmarkMethods() throws IOException, URISyntaxException, ClassNotFoundException {
    Path root = Path.of(TrackBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve("dev/progress/benchmarks");
    List<Method> methods = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> c = Class.forName("dev.progress.benchmarks." + name.substring(0, name.length() - 6));
        for (Method m : c.getDeclaredMethods()) {
          if (m.isAnnotationPresent(Benchmark.class)) {
            methods.add(m);
          }
        }
      }
    }
    methods.sort(Comparator.comparing(Method::toString));
    return methods;
  }
}
