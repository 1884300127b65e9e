package dev.progress.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Strict UTF-8: text that is not valid UTF-8 (a stray byte, a truncated or overlong sequence, an encoded
 * surrogate) is refused with the place of the first bad byte, never repaired into U+FFFD, so that two different
 * byte strings never become the same text (model, section 1). Not thread-safe; confine to one thread.
 */
final class Utf8 {
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private CharBuffer chars = CharBuffer.allocate(256);
  private int errorAt;

  /**
   * Decodes {@code bytes[offset, offset + length)}.
   *
   * @return the text, or null when it is not valid UTF-8 ({@link #errorAt()} then tells where)
   */
  @Nullable CharBuffer decode(byte[] bytes, int offset, int length) {
    if (chars.capacity() < length) {
      chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
    }
    chars.clear();
    decoder.reset();
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CoderResult result = decoder.decode(in, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      errorAt = in.position();
      return null;
    }
    chars.flip();
    return chars;
  }

  /** Index in the array of the first byte of the invalid sequence that the last {@link #decode} met. */
  int errorAt() {
    return errorAt;
  }

  /** {@code byte 0xFF}: the bad byte, for messages. */
  static String describeByte(byte b) {
    return "byte 0x" + Integer.toHexString(b & 0xFF).toUpperCase(Locale.ROOT);
  }

  /** The 1-based column, in characters, of the byte at {@code at} in a line starting at {@code lineStart}. */
  static long column(byte[] bytes, int lineStart, int at) {
    long column = 1;
    for (int i = lineStart; i < at; i++) {
      if ((bytes[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return column;
  }

  /** True when every byte is ASCII: valid UTF-8 whose bytes are its characters. */
  static boolean isAscii(byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
