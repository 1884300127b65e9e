package dev.progress.core;

import static java.util.Objects.requireNonNull;

/**
 * The root of every failure Progress reports; each subclass names one failure: {@link InvalidEventException},
 * {@link InvalidConfigurationException}, {@link RuleException}, {@link StoreException}. Misuse of the API throws
 * the JDK's {@code IllegalArgumentException}, {@code IllegalStateException} or {@code NullPointerException}
 * instead, and so does a defect of the engine itself: it is never relabelled as one of these.
 */
public abstract class ProgressException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ProgressException(String message) {
    super(requireNonNull(message, "message"));
  }

  protected ProgressException(String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
  }

  /** What failed, naming the field, key or store; never null. */
  @Override
  public String getMessage() {
    return requireNonNull(super.getMessage(), "message");
  }
}
