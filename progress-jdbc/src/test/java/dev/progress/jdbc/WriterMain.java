package dev.progress.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One application instance, run as its own JVM by the multi-writer and kill tests: tracks every event of a
 * {@link Universe}, shuffled by its seed, in batches of random size, retrying what failed until everything is
 * accepted or a duplicate. Prints {@code ACK user id} once an event is accepted, {@code DUP user id} once it is found a duplicate,
 * {@code DONE} at the end; exits 0, or 3 when an event is rejected (which would mean a conflict).
 *
 * <p>Arguments: jdbcUrl seed users eventsPerUser maxBatch
 */
public final class WriterMain {
  private WriterMain() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    long seed = Long.parseLong(args[1]);
    Universe universe = new Universe(Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    int maxBatch = Integer.parseInt(args[4]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(5_000);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      ProgressTracker tracker = ProgressTracker.builder()
          .store(JdbiProgressStore.create(dataSource))
          .clock(() -> Universe.CLOCK)
          .build();
      Random random = new Random(seed);
      List<ProgressEvent> pending = new ArrayList<>(universe.events());
      Collections.shuffle(pending, random);
      out.println("READY");
      out.flush();
      int rounds = 0;
      while (!pending.isEmpty()) {
        if (++rounds > 1000) {
          out.println("GAVE UP with " + pending.size() + " pending");
          out.flush();
          System.exit(4);
        }
        List<ProgressEvent> failed = new ArrayList<>();
        for (int i = 0; i < pending.size(); ) {
          int n = Math.min(pending.size() - i, 1 + random.nextInt(maxBatch));
          List<ProgressEvent> batch = pending.subList(i, i + n);
          i += n;
          BatchResult result = tracker.trackAll(batch);
          for (int j = 0; j < batch.size(); j++) {
            TrackResult r = result.results().get(j);
            ProgressEvent e = batch.get(j);
            switch (r.status()) {
              case ACCEPTED -> out.println("ACK " + e.userId() + " " + e.id());
              case DUPLICATE -> out.println("DUP " + e.userId() + " " + e.id());
              case FAILED -> failed.add(e);
              case REJECTED -> {
                out.println("REJECTED " + e.userId() + " " + e.id() + ": " + r.reason());
                out.flush();
                System.exit(3);
              }
            }
          }
          out.flush();
        }
        pending = failed;
        if (!pending.isEmpty()) {
          Thread.sleep(20 + random.nextInt(50));
        }
      }
      out.println("DONE");
      out.flush();
    }
  }
}
