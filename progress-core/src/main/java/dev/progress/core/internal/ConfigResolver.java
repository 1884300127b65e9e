package dev.progress.core.internal;

import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Level;
import dev.progress.core.Plan;
import dev.progress.core.spi.ProgressRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.progress.core.analytics.InsightSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns what a tracker's builder staged into a {@link Config}: merges the custom rules into the built-in ones
 * (same name replaces), overlays the plan's weights and then the builder's, validates each level, and derives
 * the rules version from everything that decides the numbers (weights, the rules' classes, each custom rule's
 * name and version, the plan) unless one is given.
 */
public final class ConfigResolver {
  private ConfigResolver() {}

  /**
   * @throws InvalidConfigurationException when a level's weights are invalid or name a component it does not
   *     have, or a custom rule's version is missing or blank
   */
  public static Config resolve(
      Plan plan,
      Map<Level, Map<String, Double>> weights,
      List<ProgressRule> customRules,
      Duration maxClockSkew,
      @Nullable String rulesVersion,
      Function<String, ZoneId> zones,
      InsightSettings insights) {
    Map<Level, RuleSet> ruleSets = new EnumMap<>(Level.class);
    StringBuilder fingerprint = new StringBuilder();
    for (ProgressRule r : customRules) {
      checkVersion(r);
    }
    for (Level level : Level.values()) {
      Map<String, ProgressRule> rules = new LinkedHashMap<>();
      BuiltInRules.of(level).forEach(r -> rules.put(r.name(), r));
      for (ProgressRule r : customRules) {
        if (r.level() == level) {
          rules.put(r.name(), r);
        }
      }
      Map<String, Double> resolved = new LinkedHashMap<>();
      rules.values().forEach(r -> resolved.put(r.name(), r.weight()));
      overlay(level, resolved, plan.weights().get(level), "plan weights");
      overlay(level, resolved, weights.get(level), "weights");
      Map<String, Double> valid = Weights.validate(level, resolved);
      ruleSets.put(level, new RuleSet(level, List.copyOf(rules.values()), valid));
      // the form of the first release, so that its stored figures keep their version; custom rules add theirs
      fingerprint.append(level).append(valid)
          .append(rules.values().stream().map(r -> r.getClass().getName()).toList());
      for (ProgressRule r : customRules) {
        if (r.level() == level) {
          fingerprint.append('|').append(r.name()).append('@').append(r.version());
        }
      }
    }
    fingerprint.append(plan);
    String version = rulesVersion != null ? rulesVersion : "r-" + sha256(fingerprint.toString()).substring(0, 12);
    return new Config(plan, ruleSets, maxClockSkew, version, zones, insights);
  }

  private static void checkVersion(ProgressRule rule) {
    String v = rule.version();
    if (v == null || v.isBlank() || v.length() > 64) {
      throw new InvalidConfigurationException("rule " + rule.level().jsonName() + "." + rule.name()
          + ": version '" + v + "' must be 1..64 characters; change it whenever the rule's meaning changes");
    }
  }

  private static void overlay(
      Level level, Map<String, Double> resolved, @Nullable Map<String, Double> given, String where) {
    if (given == null) {
      return;
    }
    for (Map.Entry<String, Double> e : given.entrySet()) {
      if (!resolved.containsKey(e.getKey())) {
        throw new InvalidConfigurationException(where + "." + level.jsonName() + "." + e.getKey()
            + ": level " + level.jsonName() + " has no component '" + e.getKey() + "'; it has "
            + resolved.keySet());
      }
      resolved.put(e.getKey(), e.getValue());
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
