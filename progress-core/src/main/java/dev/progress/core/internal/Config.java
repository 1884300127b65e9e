package dev.progress.core.internal;

import dev.progress.core.EventType;
import dev.progress.core.Level;
import dev.progress.core.Plan;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything that decides the numbers: plan, rules and weights per level, the accepted clock skew and the
 * version stamped on snapshots. Immutable and safe for concurrent use.
 */
public record Config(
    Plan plan, Map<Level, RuleSet> ruleSets, Set<EventType> customTypes, Duration maxClockSkew, String rulesVersion) {
  public Config {
    ruleSets = new EnumMap<>(ruleSets);
    customTypes = Set.copyOf(customTypes);
  }

  public RuleSet rules(Level level) {
    return ruleSets.get(level);
  }

  public boolean knows(EventType type) {
    return type.isBuiltIn() || customTypes.contains(type);
  }
}
