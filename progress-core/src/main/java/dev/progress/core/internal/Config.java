package dev.progress.core.internal;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.Plan;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.ProgressRule;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything that decides the numbers, resolved by {@link ConfigResolver}: the plan, the rules and weights of
 * each level, the custom event types and the levels that read them, the accepted clock skew, and the version
 * stamped on stored figures. Immutable and safe for concurrent use.
 */
public final class Config {
  private final Plan plan;
  private final Map<Level, RuleSet> ruleSets;
  private final Map<EventType, Set<Level>> customTypes;
  private final Duration maxClockSkew;
  private final long maxClockSkewMillis;
  private final String rulesVersion;

  Config(Plan plan, Map<Level, RuleSet> ruleSets, Duration maxClockSkew, String rulesVersion) {
    this.plan = plan;
    this.ruleSets = new EnumMap<>(ruleSets);
    Map<EventType, Set<Level>> custom = new java.util.HashMap<>();
    for (RuleSet set : ruleSets.values()) {
      for (ProgressRule rule : set.rules()) {
        for (EventType type : rule.types()) {
          if (!type.isBuiltIn()) {
            custom.computeIfAbsent(type, t -> EnumSet.noneOf(Level.class)).add(set.level());
          }
        }
      }
    }
    this.customTypes = Map.copyOf(custom);
    this.maxClockSkew = maxClockSkew;
    this.maxClockSkewMillis = saturatedMillis(maxClockSkew);
    this.rulesVersion = rulesVersion;
  }

  public Plan plan() {
    return plan;
  }

  RuleSet rules(Level level) {
    return ruleSets.get(level);
  }

  /** The rules of a level, in breakdown order. */
  public List<ProgressRule> rulesOf(Level level) {
    return ruleSets.get(level).rules();
  }

  /** A figure with every component 0, for a key nothing was tracked for. */
  public Progress empty(ProgressKey key) {
    String goal = key.level() == Level.SPACE ? plan.goalOf(key.id()) : null;
    return ruleSets.get(key.level()).empty(key, goal);
  }

  public Duration maxClockSkew() {
    return maxClockSkew;
  }

  long maxClockSkewMillis() {
    return maxClockSkewMillis;
  }

  public String rulesVersion() {
    return rulesVersion;
  }

  public boolean knows(EventType type) {
    return builtIn(type) || customTypes.containsKey(type);
  }

  /**
   * {@link EventType#isBuiltIn()}, answered by identity for the constants first: the tracking path asks this
   * several times per event, and the set lookup hashes the type's name each time.
   */
  static boolean builtIn(EventType type) {
    return type == EventType.TASK || type == EventType.TIME || type == EventType.MILESTONE
        || type == EventType.INTERACTION || type == EventType.EXTRA || type == EventType.PEER_REVIEW
        || type.isBuiltIn();
  }

  /** The levels whose rules read a custom type; null for a built-in or unknown type. */
  @Nullable Set<Level> levelsReading(EventType type) {
    return customTypes.get(type);
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
