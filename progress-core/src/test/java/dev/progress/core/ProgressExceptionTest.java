package dev.progress.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every {@link ProgressException} says what failed: its message is never null, so callers can use it as is. */
class ProgressExceptionTest {

  @Test
  void constructor_nullMessage_isRefused() {
    assertThatThrownBy(() -> new InvalidEventException(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("message");
    assertThatThrownBy(() -> new StoreException(null, new IllegalStateException("disk full")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("message");
  }

  @Test
  void getMessage_isTheMessageGiven() {
    ProgressException e = new StoreException("store failed: disk full", new IllegalStateException("disk full"));

    assertThat(e.getMessage()).isEqualTo("store failed: disk full");
    assertThat(e).hasCauseInstanceOf(IllegalStateException.class);
  }
}
