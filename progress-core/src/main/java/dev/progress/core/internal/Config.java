package dev.progress.core.internal;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.Plan;
import dev.progress.core.Progress;
import dev.progress.core.ProgressKey;
import dev.progress.core.spi.ProgressRule;
import dev.progress.core.analytics.InsightSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Everything that decides the numbers, resolved by {@link ConfigResolver}: the plan, the rules and weights of
 * each level, the custom event types and the levels that read them, the accepted clock skew, and the version
 * stamped on stored figures. Immutable and safe for concurrent use.
 */
public final class Config {
  private final Plan plan;
  private final RuleSet spaceRules;
  private final RuleSet goalRules;
  private final RuleSet skillRules;
  private final Map<EventType, Set<Level>> customTypes;
  private final Duration maxClockSkew;
  private final long maxClockSkewMillis;
  private final String rulesVersion;
  private final Function<String, ZoneId> zones;
  private final InsightSettings insights;

  Config(Plan plan, Map<Level, RuleSet> ruleSets, Duration maxClockSkew, String rulesVersion,
      Function<String, ZoneId> zones, InsightSettings insights) {
    this.plan = plan;
    this.spaceRules = rulesOf(ruleSets, Level.SPACE);
    this.goalRules = rulesOf(ruleSets, Level.GOAL);
    this.skillRules = rulesOf(ruleSets, Level.SKILL);
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
    this.zones = zones;
    this.insights = insights;
  }

  /** The zone whose calendar days a user's analytics count in. */
  public ZoneId zoneOf(String userId) {
    ZoneId zone = zones.apply(userId);
    if (zone == null) {
      throw new IllegalStateException("the zone function gave no zone for user '" + userId + "'");
    }
    return zone;
  }

  public InsightSettings insights() {
    return insights;
  }

  public Plan plan() {
    return plan;
  }

  RuleSet rules(Level level) {
    return switch (level) {
      case SPACE -> spaceRules;
      case GOAL -> goalRules;
      case SKILL -> skillRules;
    };
  }

  /** The rules of a level, in breakdown order. */
  public List<ProgressRule> rulesOf(Level level) {
    return rules(level).rules();
  }

  /** A figure with every component 0, for a key nothing was tracked for. */
  public Progress empty(ProgressKey key) {
    String goal = key.level() == Level.SPACE ? plan.goalOf(key.id()) : null;
    return rules(key.level()).empty(key, goal);
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

  private static RuleSet rulesOf(Map<Level, RuleSet> ruleSets, Level level) {
    RuleSet set = ruleSets.get(level);
    if (set == null) {
      throw new IllegalArgumentException("no rules for level " + level);
    }
    return set;
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
