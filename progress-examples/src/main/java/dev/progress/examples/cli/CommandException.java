package dev.progress.examples.cli;

import dev.progress.core.ProgressException;

/**
 * The command could not run because of something the user can fix (an unreadable file, an invalid plan, a bad
 * option value); the message says what. Exits with status 2, printed without a stack trace.
 */
final class CommandException extends ProgressException {
  private static final long serialVersionUID = 1L;

  CommandException(String message) {
    super(message);
  }

  CommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
