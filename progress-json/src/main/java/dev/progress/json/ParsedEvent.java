package dev.progress.json;

import dev.progress.core.ProgressEvent;
import org.jspecify.annotations.Nullable;

/**
 * One item read by an {@link EventReader}: a valid event, or the reason the item is not one. Immutable and safe
 * for concurrent use.
 *
 * @param line the 1-based line number when the item is a line of a log; 0 otherwise
 * @param event the event, when the item is valid; null otherwise
 * @param error why the item is not a valid event, naming the field and the value; null when it is valid
 */
public record ParsedEvent(long line, @Nullable ProgressEvent event, @Nullable String error) {
  public ParsedEvent {
    if ((event == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of event and error must be given, was " + event + ", " + error);
    }
  }

  static ParsedEvent valid(long line, ProgressEvent event) {
    return new ParsedEvent(line, event, null);
  }

  static ParsedEvent invalid(long line, String error) {
    return new ParsedEvent(line, null, error);
  }

  /** True when the item is a valid event. */
  public boolean isValid() {
    return event != null;
  }
}
