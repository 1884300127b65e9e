package dev.progress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Credentials never leave a URL in clear (issue 12, item 8: {@code import} printed
 * {@code jdbc:postgresql://.../p1?user=postgres&password=S3cretPass now holds 40300 events}).
 */
class JdbcUrlsTest {
  @Test
  void maskCredentials_postgresQueryParameters() {
    assertThat(JdbcUrls.maskCredentials("jdbc:postgresql://db:5432/p1?user=postgres&password=S3cretPass"))
        .isEqualTo("jdbc:postgresql://db:5432/p1?user=postgres&password=***");
    assertThat(JdbcUrls.maskCredentials("jdbc:postgresql://db/p1?password=S3cret&ssl=true&sslpassword=k3y"))
        .isEqualTo("jdbc:postgresql://db/p1?password=***&ssl=true&sslpassword=***");
  }

  @Test
  void maskCredentials_h2Settings_anyCase() {
    assertThat(JdbcUrls.maskCredentials("jdbc:h2:./data;USER=sa;PASSWORD=S3cret;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:./data;USER=sa;PASSWORD=***;MODE=PostgreSQL");
    assertThat(JdbcUrls.maskCredentials("jdbc:h2:./data;Password = S3cret"))
        .isEqualTo("jdbc:h2:./data;Password = ***");
  }

  @Test
  void maskCredentials_userInfoOfTheAuthority() {
    assertThat(JdbcUrls.maskCredentials("jdbc:postgresql://me:S3cret@db:5432/p1"))
        .isEqualTo("jdbc:postgresql://me:***@db:5432/p1");
    assertThat(JdbcUrls.maskCredentials("jdbc:mysql://me:p@ss:w0rd@db/p1"))
        .isEqualTo("jdbc:mysql://me:***@db/p1");
  }

  @Test
  void maskCredentials_insideAMessage_keepsTheRest() {
    assertThat(JdbcUrls.maskCredentials(
        "jdbc:postgresql://h/p1?user=postgres&password=S3cretPass now holds 40300 events of 2 users."))
        .isEqualTo("jdbc:postgresql://h/p1?user=postgres&password=*** now holds 40300 events of 2 users.");
    assertThat(JdbcUrls.maskCredentials("cannot use 'jdbc:h2:x;PASSWORD=S3cret': bad"))
        .isEqualTo("cannot use 'jdbc:h2:x;PASSWORD=***': bad");
  }

  @Test
  void maskCredentials_twice_isMaskingOnce() {
    String once = JdbcUrls.maskCredentials("cannot use jdbc:h2:x;PASSWORD=S3cret: Wrong user name or password");
    assertThat(once).isEqualTo("cannot use jdbc:h2:x;PASSWORD=*** Wrong user name or password");
    String url = JdbcUrls.maskCredentials("jdbc:postgresql://me:pw@h/p1?password=S3cret");
    assertThat(JdbcUrls.maskCredentials(url + ": Connection refused")).isEqualTo(url + ": Connection refused");
  }

  @Test
  void maskCredentials_withoutCredentials_unchanged() {
    for (String url : new String[] {"jdbc:h2:./progress-data", "jdbc:h2:tcp://localhost:9092/~/test;USER=sa",
        "jdbc:postgresql://localhost:5432/db?user=postgres", "jdbc:h2:mem:", "password", "password="}) {
      assertThat(JdbcUrls.maskCredentials(url)).isEqualTo(url);
    }
    assertThat(JdbcUrls.maskCredentials("jdbc:h2:x;PASSWORD=***")).isEqualTo("jdbc:h2:x;PASSWORD=***");
  }
}
