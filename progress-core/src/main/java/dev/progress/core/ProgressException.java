package dev.progress.core;

/** The root of every failure Progress reports; subclasses name the failure. */
public class ProgressException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProgressException(String message) {
    super(message);
  }

  public ProgressException(String message, Throwable cause) {
    super(message, cause);
  }
}
