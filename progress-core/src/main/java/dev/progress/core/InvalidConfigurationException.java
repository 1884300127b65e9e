package dev.progress.core;

/** A plan, a set of weights or a rule was refused as a whole; the message names the place. */
public final class InvalidConfigurationException extends ProgressException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigurationException(String message) {
    super(message);
  }
}
