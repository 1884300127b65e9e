package dev.progress.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.progress.core.BatchResult;
import dev.progress.core.ProgressEvent;
import dev.progress.core.ProgressTracker;
import dev.progress.core.TrackResult;
import dev.progress.core.spi.ForwardingStore;
import dev.progress.core.spi.ProgressStore;
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
 * <p>Arguments: jdbcUrl seed users eventsPerUser maxBatch [order]. The order {@code shuffled} (the default)
 * tracks all events shuffled, in batches of 1..maxBatch; {@code ascending} and {@code descending} track them in
 * rounds, each batch holding the next maxBatch events of every user, the users in that order (so every batch
 * spans all users). With {@code -Dwriter.haltInBatch=N}, the JVM halts (as if killed) inside its third batch of
 * more than N users, after N users' units ran and before the batch is committed, printing {@code HALT} first.
 * With {@code -Dwriter.awaitGo=true} it waits, once ready, for a line on standard input before it starts.
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
      String order = args.length > 5 ? args[5] : "shuffled";
      ProgressStore store = JdbiProgressStore.create(dataSource);
      int haltAfter = Integer.getInteger("writer.haltInBatch", 0);
      if (haltAfter > 0) {
        store = new HaltingStore(store, haltAfter, out);
      }
      ProgressTracker tracker = ProgressTracker.builder()
          .store(store)
          .clock(() -> Universe.CLOCK)
          .build();
      Random random = new Random(seed);
      List<ProgressEvent> pending = new ArrayList<>(universe.events());
      if (order.equals("shuffled")) {
        Collections.shuffle(pending, random);
      } else {
        pending = inRounds(universe, maxBatch, order.equals("descending"));
      }
      out.println("READY");
      out.flush();
      if (Boolean.getBoolean("writer.awaitGo")) { // all writers start together: a line on standard input
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
      int rounds = 0;
      while (!pending.isEmpty()) {
        if (++rounds > 1000) {
          out.println("GAVE UP with " + pending.size() + " pending");
          out.flush();
          System.exit(4);
        }
        List<ProgressEvent> failed = new ArrayList<>();
        for (int i = 0; i < pending.size(); ) {
          int n = Math.min(pending.size() - i,
              order.equals("shuffled") ? 1 + random.nextInt(maxBatch) : maxBatch * universe.users());
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

  /** Every user's events in rounds of {@code perUser}, the users of each round in ascending or descending order. */
  private static List<ProgressEvent> inRounds(Universe universe, int perUser, boolean descending) {
    List<ProgressEvent> events = new ArrayList<>();
    for (int from = 0; from < universe.eventsPerUser(); from += perUser) {
      for (int i = 0; i < universe.users(); i++) {
        int u = descending ? universe.users() - 1 - i : i;
        for (int k = from; k < Math.min(from + perUser, universe.eventsPerUser()); k++) {
          events.add(Universe.event(u, k));
        }
      }
    }
    return events;
  }

  /** Halts the JVM inside its third batch of more than {@code after} users, once {@code after} units ran. */
  private static final class HaltingStore extends ForwardingStore {
    private final ProgressStore delegate;
    private final int after;
    private final PrintStream out;
    private int batches;

    HaltingStore(ProgressStore delegate, int after, PrintStream out) {
      super(delegate);
      this.delegate = delegate;
      this.after = after;
      this.out = out;
    }

    @Override
    public boolean commitsBatches() {
      return delegate.commitsBatches();
    }

    @Override
    public <X extends Exception> void inBatch(List<String> userIds, UserCallback<?, X> callback) throws X {
      boolean halt = userIds.size() > after && ++batches == 3;
      int[] ran = {0};
      delegate.inBatch(userIds, tx -> {
        Object result = callback.run(tx);
        if (halt && ++ran[0] == after) {
          out.println("HALT in a batch of " + userIds.size() + " users after " + after);
          out.flush();
          Runtime.getRuntime().halt(137);
        }
        return result;
      });
    }
  }
}
