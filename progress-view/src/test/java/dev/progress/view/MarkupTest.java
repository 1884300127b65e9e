package dev.progress.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkupTest {
  @Test
  void text_escapesMarkup_keepsQuotes() {
    assertThat(Markup.text("a<b>&\"'")).isEqualTo("a&lt;b&gt;&amp;\"'");
  }

  @Test
  void attr_escapesQuotesToo_andFlattensLineBreaks() {
    assertThat(Markup.attr("a<b>&\"'\n\t")).isEqualTo("a&lt;b&gt;&amp;&quot;&#39;  ");
  }

  /** XML 1.0 cannot carry these at all: a parser would reject the whole image. */
  @Test
  void charactersXmlCannotCarry_becomeReplacementCharacters() {
    assertThat(Markup.text("a\u0000b\u0001c\u001bd\u007fe\u0085f\uFFFEg\uFFFFh\uFDD0i")).isEqualTo(
        "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFDi");
    assertThat(Markup.text("lone \uD800 high, lone \uDC00 low")).isEqualTo("lone \uFFFD high, lone \uFFFD low");
    assertThat(Markup.text("pair 🚀 and \u202E kept")).isEqualTo("pair 🚀 and \u202E kept");
    assertThat(Markup.text("tab\tline\nreturn\r")).isEqualTo("tab\tline\nreturn\r");
  }

  @Test
  void numbers_fixedDecimals_halfUp_noTrailingZeros() {
    assertThat(Markup.num(314.1592653589793)).isEqualTo("314.159");
    assertThat(Markup.num(12.0)).isEqualTo("12");
    assertThat(Markup.num(0.0005)).isEqualTo("0.001");
    assertThat(Markup.num(-0.0)).isEqualTo("0");
    assertThat(Markup.num(-0.0001)).isEqualTo("0");
    assertThat(Markup.num(1e-7)).isEqualTo("0");
    assertThat(Markup.num(1234567.0)).as("never an exponent").isEqualTo("1234567");
    assertThat(Markup.pct(52.75)).isEqualTo("52.8");
    assertThat(Markup.pct(33.3333)).isEqualTo("33.3");
    assertThat(Markup.pct(100)).isEqualTo("100");
    assertThatThrownBy(() -> Markup.num(Double.NaN)).hasMessage("cannot format NaN: not a finite number");
  }

  @Test
  void shorten_byCodePoints_withAnEllipsis() {
    assertThat(Markup.shorten("abcdef", 6)).isEqualTo("abcdef");
    assertThat(Markup.shorten("abcdefg", 6)).isEqualTo("abcde…");
    assertThat(Markup.shorten("🚀🚀🚀🚀", 3)).isEqualTo("🚀🚀…");
    assertThat(Markup.shorten("a\nb", 6)).isEqualTo("a b");
  }
}
