package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

/**
 * {@link ReportJson#round}'s fast way agrees with its definition ({@link ReportJson#roundDecimal}, half up on
 * the decimal value) for every double, and above all at and next to ties, where the binary product and the
 * decimal value could round apart.
 */
class ReportRoundPropertyTest {

  private static void agrees(double v) {
    assertThat(ReportJson.round(v)).as("round(%s)", v).isEqualTo(ReportJson.roundDecimal(v).toPlainString());
  }

  @Test
  void agreesWithTheDecimalRounding_inTheRangeOfFigures() {
    qt().withExamples(20_000).forAll(doubles().between(-1_000, 1_000)).checkAssert(ReportRoundPropertyTest::agrees);
  }

  @Test
  void agreesWithTheDecimalRounding_aroundTheFastWaysLimit() {
    qt().withExamples(5_000).forAll(doubles().between(-2e6, 2e6)).checkAssert(ReportRoundPropertyTest::agrees);
  }

  @Test
  void agreesWithTheDecimalRounding_forAnyDouble() {
    qt().withExamples(5_000).forAll(longs().all()).checkAssert(bits -> {
      double v = Double.longBitsToDouble(bits);
      if (Double.isFinite(v)) {
        agrees(v);
      }
    });
  }

  @Test
  void agreesWithTheDecimalRounding_atTiesAndTheirNeighbours() {
    // k / 20_000 is a tie of the fourth decimal when k is odd; the doubles a few ulps either side of it are the
    // ones a binary product could round the other way (they take the decimal way: the fast way must not)
    qt().withExamples(20_000).forAll(integers().between(-40_000_000, 40_000_000), integers().between(-4, 4))
        .checkAssert((k, ulps) -> {
          double v = k / 20_000.0;
          for (int i = 0; i < Math.abs(ulps); i++) {
            v = ulps > 0 ? Math.nextUp(v) : Math.nextDown(v);
          }
          agrees(v);
        });
  }

  @Test
  void agreesWithTheDecimalRounding_justOutsideTheFastWaysMarginFromATie() {
    // the fast way decides from 10^-3 of a unit off a tie on: probe just beyond that, either side, at every size
    // up to its limit
    qt().withExamples(20_000).forAll(longs().between(-9_999_999_999L, 9_999_999_999L), integers().between(0, 3))
        .checkAssert((k, side) -> {
          double off = switch (side) {
            case 0 -> 0.00101;
            case 1 -> -0.00101;
            case 2 -> 0.0015;
            default -> -0.0015;
          };
          agrees((k + 0.5 + off) / 10_000);
        });
  }

  @Test
  void writesPlainDecimals() {
    assertThat(ReportJson.round(-0.0)).isEqualTo("0.0");
    assertThat(ReportJson.round(-0.00004)).isEqualTo("0.0");
    assertThat(ReportJson.round(-0.00005)).isEqualTo("-0.0001");
    assertThat(ReportJson.round(-12.5)).isEqualTo("-12.5");
    assertThat(ReportJson.round(0.0102)).isEqualTo("0.0102");
    assertThat(ReportJson.round(1e7)).isEqualTo("10000000.0");
    assertThat(ReportJson.round(1e-9)).isEqualTo("0.0");
  }
}
