package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportJsonTest {

  @Test
  void round_fourDecimalsHalfUp_atLeastOneDecimal() {
    assertThat(ReportJson.round(58).toString()).isEqualTo("58.0");
    assertThat(ReportJson.round(100).toString()).isEqualTo("100.0");
    assertThat(ReportJson.round(0).toString()).isEqualTo("0.0");
    assertThat(ReportJson.round(100.0 / 3).toString()).isEqualTo("33.3333");
    assertThat(ReportJson.round(200.0 / 3).toString()).isEqualTo("66.6667");
    assertThat(ReportJson.round(12.34565).toString()).isEqualTo("12.3457"); // half even would say 12.3456
    assertThat(ReportJson.round(0.00005).toString()).isEqualTo("0.0001");
    assertThat(ReportJson.round(0.00004999).toString()).isEqualTo("0.0");
    assertThat(ReportJson.round(52.8).toString()).isEqualTo("52.8");
  }
}
