package dev.progress.core;

import static java.util.Objects.requireNonNull;

import dev.progress.core.internal.Texts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something a user did: a task moved to 50%, minutes spent, a milestone reached. Validated on construction as
 * section 1 of the model says; every rejection is an {@link InvalidEventException} naming the field and the
 * value. Whether the type is known and the timestamp not in the future is checked by the tracker, which knows
 * the rules and the clock. Immutable and safe for concurrent use.
 *
 * @param id 1..128 characters (Unicode code points), not blank; a random UUID when built without one.
 *     Idempotency key, with {@code userId}
 * @param userId 1..128 characters (code points), not blank (blank: only Unicode White_Space characters)
 * @param spaceId needed by {@code task}, {@code time} and {@code interaction}
 * @param goalId needed by {@code extra}, and by a {@code milestone} without a space
 * @param itemId the task or milestone the event is about; without it the event is its own item
 * @param type built-in or custom
 * @param value finite; range by type (task 0..100, time 0 exclusive..1440 minutes, ...)
 * @param timestamp when it happened
 * @param metadata JSON-shaped, at most 16 KiB serialized; a value may be null (JSON's {@code null}); well-known
 *     keys {@code skill}, {@code taskType}, {@code difficulty}. Numbers are kept in one form each, so that numbers
 *     equal as numbers are equal: whole numbers as {@code Long} (or {@code BigInteger}), others as {@code Double}
 */
public record ProgressEvent(
    String id,
    String userId,
    @Nullable String spaceId,
    @Nullable String goalId,
    @Nullable String itemId,
    EventType type,
    double value,
    Instant timestamp,
    Map<String, @Nullable Object> metadata) {

  /**
   * Validates an event. Written out, not compact, because two parameters take null where their components never
   * hold it: a null {@code id} becomes a random UUID, null {@code metadata} an empty map.
   */
  public ProgressEvent(
      @Nullable String id,
      String userId,
      @Nullable String spaceId,
      @Nullable String goalId,
      @Nullable String itemId,
      EventType type,
      double value,
      Instant timestamp,
      @Nullable Map<String, @Nullable Object> metadata) {
    this.id = id == null ? UUID.randomUUID().toString() : Events.requiredId("id", id);
    this.userId = Events.requiredId("userId", userId);
    this.spaceId = Events.optionalId("spaceId", spaceId);
    this.goalId = Events.optionalId("goalId", goalId);
    this.itemId = Events.optionalId("itemId", itemId);
    this.type = requireNonNull(type, "type");
    this.timestamp = requireNonNull(timestamp, "timestamp");
    Events.checkTimestamp(timestamp);
    this.metadata = metadata == null ? Events.EMPTY_METADATA : Events.copyMetadata(metadata);
    if (!Double.isFinite(value)) {
      throw new InvalidEventException("value " + value + " is not a finite number");
    }
    this.value = value + 0.0; // -0.0 becomes 0.0, so a retry with either is the same event
    validateWellKnownMetadata(this.metadata);
    if (type.isBuiltIn()) {
      validateBuiltIn(type, this.value, spaceId, goalId, skillOf(this.metadata));
    }
  }

  /** A builder for the common case; {@code ProgressEvent.builder().user("u1").task("s1", "t1", 100)...}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The skill this event counts towards: metadata {@code skill}, else {@code taskType}, else null. */
  public @Nullable String skill() {
    return skillOf(metadata);
  }

  /** The weight of metadata {@code difficulty}: easy 1, medium 2, hard 3; medium when absent. */
  public int difficultyWeight() {
    Object difficulty = Events.difficulty(metadata);
    if (difficulty == null) {
      return 2;
    }
    return switch ((String) difficulty) {
      case "easy" -> 1;
      case "hard" -> 3;
      default -> 2;
    };
  }

  /** A copy with another id; the idempotency key of the copy is (userId, id). */
  public ProgressEvent withId(String newId) {
    return new ProgressEvent(newId, userId, spaceId, goalId, itemId, type, value, timestamp, metadata);
  }

  private static @Nullable String skillOf(Map<String, @Nullable Object> metadata) {
    return (String) Events.skill(metadata);
  }

  private static void validateWellKnownMetadata(Map<String, @Nullable Object> metadata) {
    for (String key : new String[] {"skill", "taskType"}) {
      Object v = metadata.get(key);
      if (v != null && !(v instanceof String s && !Events.isBlank(s) && Events.codePoints(s) <= Events.MAX_ID_LENGTH)) {
        throw new InvalidEventException(
            "metadata." + key + " " + describe(v) + " must be a string of 1.." + Events.MAX_ID_LENGTH + " characters");
      }
    }
    Object difficulty = metadata.get("difficulty");
    if (difficulty != null
        && !("easy".equals(difficulty) || "medium".equals(difficulty) || "hard".equals(difficulty))) {
      throw new InvalidEventException(
          "metadata.difficulty " + describe(difficulty) + " must be one of easy, medium, hard");
    }
  }

  private static void validateBuiltIn(
      EventType type, double value, @Nullable String spaceId, @Nullable String goalId, @Nullable String skill) {
    switch (type.name()) {
      case "task", "interaction" -> {
        checkRange(type, value, 0, 100);
        need(type, "spaceId", spaceId);
      }
      case "milestone" -> {
        checkRange(type, value, 0, 100);
        if (spaceId == null && goalId == null) {
          throw new InvalidEventException("spaceId or goalId is required for type milestone");
        }
      }
      case "time" -> {
        if (!(value > 0 && value <= 1440)) {
          throw new InvalidEventException(
              "value " + format(value) + " is out of range 0 (exclusive)..1440 minutes for type time");
        }
        need(type, "spaceId", spaceId);
      }
      case "extra" -> {
        checkRange(type, value, 0, 100);
        need(type, "goalId", goalId);
      }
      case "peer_review" -> {
        checkRange(type, value, 0, 100);
        if (skill == null) {
          throw new InvalidEventException("metadata.skill (or metadata.taskType) is required for type peer_review");
        }
      }
      default -> throw new IllegalStateException("unhandled built-in type " + type);
    }
  }

  private static void checkRange(EventType type, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new InvalidEventException(
          "value " + format(value) + " is out of range " + format(min) + ".." + format(max) + " for type " + type);
    }
  }

  private static void need(EventType type, String field, @Nullable String value) {
    if (value == null) {
      throw new InvalidEventException(field + " is required for type " + type);
    }
  }

  /**
   * {@code 140}, not {@code 140.0}; {@code 12.5} stays; past 40 characters in scientific notation
   * ({@code 1E+300}, not 301 digits), exact either way.
   */
  static String format(double value) {
    BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
    String plain = exact.toPlainString();
    return plain.length() <= 40 ? plain : exact.toString();
  }

  private static String describe(Object value) {
    return value instanceof String s ? "'" + Texts.abbreviate(s) + "'" : Texts.abbreviate(String.valueOf(value));
  }

  /** Stages the fields of an event; {@link #build()} validates. Not thread-safe; confine to one thread. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String userId;
    private @Nullable String spaceId;
    private @Nullable String goalId;
    private @Nullable String itemId;
    private @Nullable EventType type;
    private double value;
    private boolean valueSet;
    private @Nullable Instant timestamp;
    private final Map<String, @Nullable Object> metadata = new LinkedHashMap<>();

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder user(String userId) {
      this.userId = userId;
      return this;
    }

    public Builder space(String spaceId) {
      this.spaceId = spaceId;
      return this;
    }

    public Builder goal(String goalId) {
      this.goalId = goalId;
      return this;
    }

    public Builder item(String itemId) {
      this.itemId = itemId;
      return this;
    }

    public Builder type(EventType type) {
      this.type = type;
      return this;
    }

    public Builder type(String type) {
      return type(EventType.of(type));
    }

    public Builder value(double value) {
      this.value = value;
      this.valueSet = true;
      return this;
    }

    public Builder at(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    /** One metadata entry; a null value is kept, as JSON's {@code null}. */
    public Builder meta(String key, @Nullable Object value) {
      metadata.put(key, value);
      return this;
    }

    public Builder metadata(Map<String, ?> metadata) {
      this.metadata.putAll(metadata);
      return this;
    }

    /** Shorthand for {@code skill} metadata. */
    public Builder skill(String skill) {
      return meta("skill", skill);
    }

    /** Shorthand for {@code difficulty} metadata: easy, medium or hard. */
    public Builder difficulty(String difficulty) {
      return meta("difficulty", difficulty);
    }

    /** A task item of a space moved to {@code percent} complete. */
    public Builder task(String spaceId, String itemId, double percent) {
      return type(EventType.TASK).space(spaceId).item(itemId).value(percent);
    }

    /** Minutes spent in a space. */
    public Builder time(String spaceId, double minutes) {
      return type(EventType.TIME).space(spaceId).value(minutes);
    }

    /** Progress towards a milestone of a space. */
    public Builder milestone(String spaceId, String itemId, double percent) {
      return type(EventType.MILESTONE).space(spaceId).item(itemId).value(percent);
    }

    /** Progress towards a milestone of a goal (no space). */
    public Builder goalMilestone(String goalId, String itemId, double percent) {
      return type(EventType.MILESTONE).goal(goalId).item(itemId).value(percent);
    }

    /** The quality of an AI-assistant interaction in a space. */
    public Builder interaction(String spaceId, double quality) {
      return type(EventType.INTERACTION).space(spaceId).value(quality);
    }

    /** Extra activities done for a goal. */
    public Builder extra(String goalId, double count) {
      return type(EventType.EXTRA).goal(goalId).value(count);
    }

    /** A peer-review score for a skill. */
    public Builder peerReview(String skill, double score) {
      return type(EventType.PEER_REVIEW).skill(skill).value(score);
    }

    /**
     * Validates and returns the event.
     *
     * @throws InvalidEventException naming the first field that breaks the model
     */
    public ProgressEvent build() {
      if (type == null) {
        throw new InvalidEventException("type is required");
      }
      if (timestamp == null) {
        throw new InvalidEventException("timestamp is required");
      }
      if (!valueSet) {
        throw new InvalidEventException("value is required");
      }
      if (userId == null) {
        throw new InvalidEventException("userId is required");
      }
      return new ProgressEvent(id, userId, spaceId, goalId, itemId, type, value, timestamp, metadata);
    }
  }
}
