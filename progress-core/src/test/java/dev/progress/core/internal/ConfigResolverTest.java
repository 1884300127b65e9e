package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.Level;
import dev.progress.core.Plan;
import dev.progress.core.analytics.InsightSettings;
import dev.progress.core.spi.ProgressRule;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigResolverTest {

  private static Config resolve(Map<Level, Map<String, Double>> weights, List<ProgressRule> rules) {
    return ConfigResolver.resolve(Plan.empty(), weights, rules, Duration.ofMinutes(5), null,
        user -> ZoneOffset.UTC, InsightSettings.DEFAULTS);
  }

  /**
   * Config used to be a record whose accessor handed out its mutable map of rule sets, so anyone holding it
   * could change the numbers of a running tracker. What it hands out now cannot be changed, and what it was
   * built from is copied.
   */
  @Test
  void config_handsOutNothingMutable_andCopiesWhatItIsGiven() {
    Map<Level, Map<String, Double>> weights = new EnumMap<>(Level.class);
    Map<String, Double> space = new HashMap<>(Map.of("task", 0.4, "time", 0.2, "milestone", 0.3,
        "interaction", 0.1));
    weights.put(Level.SPACE, space);
    List<ProgressRule> rules = new ArrayList<>();
    Config config = resolve(weights, rules);
    String version = config.rulesVersion();

    assertThatThrownBy(() -> config.rulesOf(Level.SPACE).clear()).isInstanceOf(UnsupportedOperationException.class);
    space.put("task", 0.9);
    weights.clear();
    assertThat(config.rules(Level.SPACE).layout().weight(0)).isEqualTo(0.4);
    assertThat(config.rulesVersion()).isEqualTo(version);
  }

  /**
   * The model's defaults keep the version the first release stamped on its figures (read off that release),
   * so a database it wrote does not look stale after the upgrade.
   */
  @Test
  void rulesVersion_ofTheModelsDefaults_isTheFirstReleases() {
    assertThat(resolve(Map.of(), List.of()).rulesVersion()).isEqualTo("r-2937fdd0c8e5");
  }
}
