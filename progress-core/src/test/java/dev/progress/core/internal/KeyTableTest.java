package dev.progress.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progress.core.Level;
import dev.progress.core.Plan;
import dev.progress.core.ProgressKey;
import dev.progress.core.analytics.InsightSettings;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user's keys of a level by id: lookups across growth, the order keys were made in, odd ids. */
class KeyTableTest {
  private static final Config CONFIG = ConfigResolver.resolve(Plan.empty(), Map.of(), List.of(),
      Duration.ofMinutes(5), null, user -> ZoneOffset.UTC, InsightSettings.DEFAULTS);

  private static KeyState space(String id) {
    return new KeyState(ProgressKey.space("u1", id), CONFIG.rules(Level.SPACE), Plan.empty());
  }

  @Test
  void findsEveryKey_acrossGrowth_inTheOrderTheyWereMade() {
    KeyTable table = new KeyTable();
    List<KeyState> made = new ArrayList<>();
    // "Aa" and "BB" share a String hash; ids that differ by a character, by case, by unicode
    String[] odd = {"Aa", "BB", "s1", "S1", "s1 ", "", "ß", "ss", "\uD83D\uDE00", "' OR 1=1 --"};
    for (int i = 0; i < 500; i++) {
      String id = i < odd.length ? odd[i] : "s" + i;
      assertThat(table.get(id)).as(id).isNull();
      KeyState k = space(id);
      table.add(k);
      made.add(k);
    }

    assertThat(table.size()).isEqualTo(500);
    assertThat(table.values()).containsExactlyElementsOf(made);
    for (KeyState k : made) {
      assertThat(table.get(k.key.id())).as(k.key.id()).isSameAs(k);
    }
    assertThat(table.get("s500")).isNull();
    assertThat(table.get("s1\u0000")).isNull();
  }

  @Test
  void aKeyAddedTwice_isRefused() {
    KeyTable table = new KeyTable();
    table.add(space("s1"));

    assertThatThrownBy(() -> table.add(space("s1"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s1");
    assertThat(table.size()).as("nothing changed").isEqualTo(1);
    assertThat(table.values()).hasSize(1);
  }

  @Test
  void values_isReadOnly() {
    KeyTable table = new KeyTable();
    table.add(space("s1"));

    assertThatThrownBy(() -> table.values().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
