package dev.progress.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.progress.core.Progress;
import dev.progress.core.ProgressChange;
import dev.progress.view.ProgressIndicator.Kind;
import dev.progress.view.ProgressIndicator.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressIndicatorTest {
  private static final Progress ALGEBRA = ViewFixtures.space("ana", "algebra", "math-101", 50, 100, 33.3333, 80);

  @Test
  void of_takesTheKeysIdAndTotal_partsOnlyWhenDetailed() {
    ProgressIndicator circular = ProgressIndicator.circular(ALGEBRA);
    ProgressIndicator detailed = ProgressIndicator.detailed(ALGEBRA);

    assertThat(circular.label()).isEqualTo("algebra");
    assertThat(circular.value()).isCloseTo(58, offset(1e-4));
    assertThat(circular.parts()).isEmpty();
    assertThat(circular.animate()).isFalse();
    assertThat(ProgressIndicator.linear(ALGEBRA).kind()).isEqualTo(Kind.LINEAR);
    assertThat(detailed.parts()).extracting(Part::name).containsExactly("task", "time", "milestone", "interaction");
    assertThat(detailed.parts()).extracting(Part::contribution).containsExactly(20.0, 20.0, 33.3333 * 0.3, 8.0);
    assertThat(detailed.parts().get(0).weight()).isEqualTo(0.4);
  }

  @Test
  void accessibleLabel_andValueText_atMostOneDecimal() {
    assertThat(ProgressIndicator.circular(ALGEBRA).accessibleLabel()).isEqualTo("algebra: 58%");
    assertThat(new ProgressIndicator(Kind.LINEAR, "g", 52.8, List.of(), false, 52.8).valueText()).isEqualTo("52.8%");
    assertThat(new ProgressIndicator(Kind.LINEAR, "g", 33.3333, List.of(), false, 33.3333).valueText()).isEqualTo("33.3%");
    assertThat(new ProgressIndicator(Kind.LINEAR, "g", 99.96, List.of(), false, 99.96).valueText()).isEqualTo("100%");
  }

  @Test
  void fromAChange_animatesFromThePreviousTotal() {
    ProgressIndicator animated = ProgressIndicator.of(Kind.CIRCULAR, new ProgressChange(20, ALGEBRA));

    assertThat(animated.animate()).isTrue();
    assertThat(animated.previousValue()).isEqualTo(20);
    assertThat(animated.still().animate()).isFalse();
    assertThat(animated.still().previousValue()).isEqualTo(animated.value());
    assertThat(ProgressIndicator.circular(ALGEBRA).animatedFrom(0).previousValue()).isZero();
  }

  @Test
  void validation_namesTheFieldAndValue() {
    assertThatThrownBy(() -> new ProgressIndicator(Kind.LINEAR, "algebra", 140, List.of(), false, 140))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value 140.0 of indicator algebra is out of range 0..100");
    assertThatThrownBy(() -> new ProgressIndicator(Kind.LINEAR, "algebra", Double.NaN, List.of(), false, 0))
        .hasMessageContaining("value NaN of indicator algebra");
    assertThatThrownBy(() -> ProgressIndicator.circular(ALGEBRA).animatedFrom(-1))
        .hasMessage("previousValue -1.0 of indicator algebra is out of range 0..100");
    assertThatThrownBy(() -> new ProgressIndicator(Kind.LINEAR, "algebra", 50, List.of(), false, 20))
        .hasMessageContaining("previousValue 20.0 of indicator algebra differs from value 50.0 but animate is false");
    assertThatThrownBy(() -> new ProgressIndicator(Kind.CIRCULAR, "algebra", 50,
        List.of(new Part("task", 50, 1)), false, 50))
        .hasMessageContaining("parts are for DETAILED indicators only");
    assertThatThrownBy(() -> new Part("task", 50, 1.5)).hasMessage("weight 1.5 of part task is out of range 0..1");
  }
}
