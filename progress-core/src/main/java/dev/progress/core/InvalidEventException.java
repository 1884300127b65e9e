package dev.progress.core;

/** An event broke a rule of the model; the message names the field and the offending value. */
public final class InvalidEventException extends ProgressException {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }
}
