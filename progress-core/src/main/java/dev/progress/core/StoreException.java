package dev.progress.core;

/** The store could not read or write; nothing of the failed unit of work was applied. */
public final class StoreException extends ProgressException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
