package dev.progress.json;

import static java.util.Objects.requireNonNull;

/**
 * A refused line of an event log, as the report of section 6 of the model lists it. Immutable and safe for
 * concurrent use.
 *
 * @param line its 1-based number (or the position of the item that was refused)
 * @param error why, naming the field and the value
 */
public record Rejection(long line, String error) {
  public Rejection {
    requireNonNull(error, "error");
  }
}
