package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.EventType;
import org.junit.jupiter.api.Test;

class ConfigTest {

  /** builtIn answers by identity for the constants first; an equal instance that is not the constant still counts. */
  @Test
  void builtIn_constantsAndEqualInstances_butNotCustomTypes() {
    assertThat(Config.builtIn(EventType.TASK)).isTrue();
    assertThat(Config.builtIn(EventType.PEER_REVIEW)).isTrue();
    assertThat(Config.builtIn(new EventType("task"))).isTrue();
    assertThat(Config.builtIn(new EventType("extra"))).isTrue();
    assertThat(Config.builtIn(EventType.of("quiz"))).isFalse();
  }
}
