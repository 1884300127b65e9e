package dev.progress.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.UserProgress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextRendererTest {
  private static final TextRenderer UNICODE = TextRenderer.unicode();
  private static final TextRenderer ASCII = TextRenderer.ascii();

  @Test
  void bar_unicode_fullCellsThenEighthsThenShade() {
    assertThat(UNICODE.bar(0)).isEqualTo("░".repeat(24));
    assertThat(UNICODE.bar(100)).isEqualTo("█".repeat(24));
    assertThat(UNICODE.bar(50)).isEqualTo("█".repeat(12) + "░".repeat(12));
    assertThat(UNICODE.bar(52.8)).as("12.672 cells = 12 full and 5 eighths").isEqualTo("█".repeat(12) + "▋" + "░".repeat(11));
    assertThat(UNICODE.bar(1)).isEqualTo("▎" + "░".repeat(23));
    assertThat(UNICODE.bar(150)).isEqualTo("█".repeat(24));
    assertThat(UNICODE.bar(-3)).isEqualTo(UNICODE.bar(Double.NaN)).isEqualTo("░".repeat(24));
  }

  @Test
  void bar_ascii_wholeCells() {
    assertThat(ASCII.bar(0)).isEqualTo("-".repeat(24));
    assertThat(ASCII.bar(50)).isEqualTo("#".repeat(12) + "-".repeat(12));
    assertThat(ASCII.bar(52.8)).isEqualTo("#".repeat(13) + "-".repeat(11));
    assertThat(ASCII.bar(100)).isEqualTo("#".repeat(24));
  }

  @Test
  void forCharset_asciiWhereBlocksCannotBeEncoded() {
    assertThat(TextRenderer.forCharset(StandardCharsets.UTF_8).isAscii()).isFalse();
    assertThat(TextRenderer.forCharset(StandardCharsets.US_ASCII).isAscii()).isTrue();
    assertThat(TextRenderer.forCharset(StandardCharsets.ISO_8859_1).isAscii()).isTrue();
  }

  @Test
  void sparkline_heightRelativeToTheLargest() {
    assertThat(UNICODE.sparkline(List.of(0.0, 10.0, 30.0, 70.0))).isEqualTo("▁▂▄█");
    assertThat(UNICODE.sparkline(List.of(0.0, 0.0))).isEqualTo("▁▁");
    assertThat(ASCII.sparkline(List.of(0.0, 35.0, 70.0))).isEqualTo("_=#");
    assertThat(UNICODE.sparkline(List.of())).isEmpty();
  }

  @Test
  void line_labelBarValue() {
    ProgressIndicator p = ProgressIndicator.linear(ViewFixtures.space("ana", "algebra", null, 100, 75, 0, 0));
    assertThat(UNICODE.line(p)).isEqualTo("algebra  " + "█".repeat(13) + "▎" + "░".repeat(10) + "  55.0%");
  }

  @Test
  void writeUser_alignsLabels_explainsEachScore() {
    String text = UNICODE.render(ViewFixtures.ana().progress());

    assertThat(text).startsWith("User ana\n  Goals\n    web-developer  ")
        .contains("    html-css (web-developer)    ██")
        .contains("    javascript (web-developer)  ██")
        .contains("        milestone 33.3 x 0.30 = 10.00\n")
        .contains("    portfolio (web-developer)   " + "░".repeat(24) + "   0.0%\n        nothing yet: every component is 0\n");
  }

  /** A terminal would act on an escape sequence or a bidi override in an id: clear the screen, reorder the line. */
  @Test
  void writeUser_controlAndBidiCharactersInIds_areNeutralised() {
    String id = "x\u001b[2J\u202Eevil\nline";
    String text = UNICODE.render(new UserProgress(id, List.of(ViewFixtures.space(id, id, null, 0, 0, 0, 0)),
        List.of(), List.of()));

    assertThat(text).doesNotContain("\u001b").doesNotContain("\u202E")
        .startsWith("User x\uFFFD[2J\uFFFDevil line\n")
        .contains("    x\uFFFD[2J\uFFFDevil line  ░");
    assertThat(ASCII.render(new UserProgress(id, List.of(), List.of(), List.of()))).isEqualTo("User x?[2J?evil line\n");
  }

  @Test
  void oneLine_neutralisesControlAndBidiCharacters_keepsTheRest() {
    String text = "s1\u001b[2J is at 92%:\u202E\tgo\r\n";

    assertThat(UNICODE.oneLine(text)).isEqualTo("s1\uFFFD[2J is at 92%:\uFFFD go  ");
    assertThat(ASCII.oneLine(text)).isEqualTo("s1?[2J is at 92%:? go  ");
    assertThat(UNICODE.oneLine("algèbre ✓")).isEqualTo("algèbre ✓");
  }

  @Test
  void writeUser_longLabelsCutWithAnEllipsis() {
    String id = "a".repeat(40);
    UserProgress user = new UserProgress("u", List.of(ViewFixtures.space("u", id, null, 0, 0, 0, 0)), List.of(),
        List.of());

    assertThat(UNICODE.render(user)).contains("    " + "a".repeat(31) + "…  ░");
    assertThat(ASCII.render(user)).contains("    " + "a".repeat(29) + "...  -");
  }
}
