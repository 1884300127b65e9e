package dev.progress.core.internal;

/** Text as messages quote it. Not exported: the module's own packages share it. */
public final class Texts {
  private Texts() {}

  /**
   * Shortens a hostile value before it is quoted in a message: past 40 code points, its first 24 and its last 12
   * with {@code ...} between, so that the end of the value (a closing parenthesis or quote) stays visible, and a
   * surrogate pair is never cut in two.
   */
  public static String abbreviate(String value) {
    if (value.length() <= 40 || value.codePointCount(0, value.length()) <= 40) {
      return value;
    }
    int head = value.offsetByCodePoints(0, 24);
    int tail = value.offsetByCodePoints(value.length(), -12);
    return value.substring(0, head) + "..." + value.substring(tail);
  }
}
