package dev.progress.core;

import static java.util.Objects.requireNonNull;

/**
 * A rule threw while it read an event or computed a key's value. Only the unit of work of that key's user
 * failed, and nothing of it was applied; other users are unaffected. The message names the key and the rule.
 */
public final class RuleException extends ProgressException {
  private static final long serialVersionUID = 1L;

  private final ProgressKey key;
  private final String rule;

  /**
   * @param key the key being computed
   * @param rule the failing rule, as {@code level.name}
   * @param doing what the rule was asked ({@code "event 'e1'"}, {@code "computing ana/space/algebra"})
   */
  public RuleException(ProgressKey key, String rule, String doing, RuntimeException cause) {
    super("rule " + rule + " failed on " + doing + " of " + key + ": " + cause, cause);
    this.key = requireNonNull(key, "key");
    this.rule = requireNonNull(rule, "rule");
  }

  /** The key whose figure could not be computed. */
  public ProgressKey key() {
    return key;
  }

  /** The failing rule, as {@code level.name} ({@code space.quiz}). */
  public String rule() {
    return rule;
  }
}
