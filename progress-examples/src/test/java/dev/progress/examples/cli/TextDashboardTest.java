package dev.progress.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextDashboardTest {

  @Test
  void bar_eighthsOfCells() {
    assertThat(TextDashboard.bar(0)).isEqualTo("░".repeat(24));
    assertThat(TextDashboard.bar(100)).isEqualTo("█".repeat(24));
    assertThat(TextDashboard.bar(50)).isEqualTo("█".repeat(12) + "░".repeat(12));
    // 1% of 24 cells is 0.24 cells: 2 eighths
    assertThat(TextDashboard.bar(1)).isEqualTo("▎" + "░".repeat(23));
    assertThat(TextDashboard.bar(150)).isEqualTo("█".repeat(24));
  }
}
