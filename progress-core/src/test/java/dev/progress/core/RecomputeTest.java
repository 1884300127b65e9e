package dev.progress.core;

import static dev.progress.core.Fixtures.ev;
import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.spi.Accumulator;
import dev.progress.core.spi.IncrementalRule;
import dev.progress.core.spi.RuleContext;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which accumulators a recompute asks for a value ({@link Accumulator#value}): a space's or skill's only those
 * fed an event since (the others' values cannot have moved), a goal's every one (its spaces' totals move).
 */
class RecomputeTest {

  /** A rule of the built-in component's name and weight whose accumulator counts the values asked of it. */
  private static final class Counting extends IncrementalRule {
    final AtomicInteger asked = new AtomicInteger();

    Counting(Level level, String name, EventType type, double weight) {
      super(level, name, Set.of(type), weight, "counting-1");
    }

    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        private int events;

        @Override
        public void add(ProgressEvent event) {
          events++;
        }

        @Override
        public double value(RuleContext context) {
          asked.incrementAndGet();
          return Math.min(100, 10.0 * events);
        }
      };
    }
  }

  @Test
  void aSpaceAsksOnlyTheComponentsFedSinceItsLastRecompute() {
    Counting interaction = new Counting(Level.SPACE, "interaction", EventType.INTERACTION, 0.1);
    ProgressTracker tracker = Fixtures.tracker().rule(interaction).build();

    tracker.track(ev().time("s1", 10).build());
    assertThat(interaction.asked).as("a new key asks every component once").hasValue(1);
    tracker.track(ev().time("s1", 10).build());
    tracker.track(ev().task("s1", "t1", 100).build());
    assertThat(interaction.asked).as("events of other components").hasValue(1);

    tracker.track(ev().type(EventType.INTERACTION).space("s1").value(80).build());
    assertThat(interaction.asked).hasValue(2);
    Progress s1 = tracker.spaceProgress("u1", "s1");
    assertThat(s1.component("interaction")).isEqualTo(10.0);
    assertThat(s1.component("time")).isEqualTo(100 * 20.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aGoalAsksEveryComponentAtEachRecompute() {
    Counting extra = new Counting(Level.GOAL, "extra", EventType.EXTRA, 0.1);
    ProgressTracker tracker = Fixtures.tracker().rule(extra).build();

    tracker.track(ev().goal("g1").time("s1", 10).build());
    tracker.track(ev().goal("g1").time("s1", 10).build());
    assertThat(extra.asked).as("each of the goal's recomputes, without events of its type").hasValue(2);
    assertThat(tracker.goalProgress("u1", "g1").component("spaces"))
        .isEqualTo(tracker.spaceProgress("u1", "s1").total());
  }
}
