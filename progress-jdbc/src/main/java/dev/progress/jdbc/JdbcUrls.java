package dev.progress.jdbc;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Hides the secrets of JDBC URLs before they are printed or logged. Immutable and safe for concurrent use.
 */
public final class JdbcUrls {
  /**
   * A {@code password=} parameter in any URL style (PostgreSQL's {@code ?password=}, H2's {@code ;PASSWORD=},
   * also {@code sslpassword=}, {@code keyStorePassword=}...): the value runs to the next {@code &}, {@code ;},
   * white space or quote (so a colon after a URL in a message is masked too). A value already masked is left
   * as it is, so masking twice changes nothing.
   */
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password\\s*=\\s*)(?!\\*\\*\\*(?:[&;\\s\"':,.)]|$))[^&;\\s\"']+");

  /** The password of a {@code scheme://user:password@host} authority. */
  private static final Pattern USER_INFO = Pattern.compile("(://[^/\\s:@?#;&]*:)[^/\\s?#]*@");

  private JdbcUrls() {}

  /**
   * The text with every credential of the JDBC URLs in it replaced by {@code ***}: {@code password=***} (any
   * case, any {@code ...password=} parameter) and {@code user:***@host}. Works on a bare URL and on a message
   * that quotes one. A password is taken to end at white space, so of H2's {@code PASSWORD=filePassword
   * userPassword} (with {@code CIPHER}) only the first word is masked: do not print such URLs at all.
   */
  public static String maskCredentials(String text) {
    requireNonNull(text, "text");
    String masked = PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1***@");
  }
}
