package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progress.core.ProgressEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventReaderTest {
  static final String LINE =
      "{\"id\":\"a\",\"userId\":\"u\",\"spaceId\":\"s\",\"type\":\"time\",\"value\":5,\"timestamp\":\"%s\"}";

  /**
   * Regression (issue 12, item 10): timestamps went through {@link Instant#parse}, which takes hour 24 and
   * second 60 and refuses a space for the T; the model (section 1) says RFC 3339 exactly.
   */
  @Test
  void read_timestamps_areRfc3339Exactly() {
    Map<String, String> accepted = new LinkedHashMap<>();
    accepted.put("2026-11-01T09:30:00Z", "2026-11-01T09:30:00Z");
    accepted.put("2026-11-01t09:30:00z", "2026-11-01T09:30:00Z");
    accepted.put("2026-11-01 09:30:00Z", "2026-11-01T09:30:00Z");
    accepted.put("2026-11-01T09:30:00.123456789Z", "2026-11-01T09:30:00.123456789Z");
    accepted.put("2026-11-01T09:30:00.5Z", "2026-11-01T09:30:00.500Z");
    accepted.put("2026-11-01T10:30:00+01:00", "2026-11-01T09:30:00Z");
    accepted.put("2026-11-01T00:30:00-09:00", "2026-11-01T09:30:00Z");
    accepted.put("2026-11-01T09:30:00-00:00", "2026-11-01T09:30:00Z");
    accepted.put("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z");
    accepted.put("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z");
    accepted.put("9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999999Z");
    accepted.forEach((text, instant) ->
        assertThat(read(LINE.formatted(text)).event()).as(text).extracting(ProgressEvent::timestamp)
            .isEqualTo(Instant.parse(instant)));

    for (String text : List.of("2026-11-01T24:00:00Z", "2026-11-01T23:59:60Z", "2026-11-01T09:30Z",
        "2026-11-01T09:30:00", "2026-11-01T09:30:00+0200", "2026-11-01T09:30:00+02", "20261101T093000Z",
        "2026-11-01T09:30:00.Z", "2026-11-01T09:30:00.1234567890Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-11-01T09:30:00+24:00", "2026-11-01T09:30:00+01:60", "2026-11-01T09:30:00+01:00:00",
        "+2026-11-01T09:30:00Z", "2026-11-01_09:30:00Z", "2026-11-01T09:30:00ZZ", "2026-11-01T09:30:0\u0661Z",
        "2026-11-01T09:30:00 Z", "")) {
      assertThat(read(LINE.formatted(text)).error()).as(text)
          .isEqualTo("timestamp \"" + text + "\" is not an RFC 3339 date-time such as 2026-11-01T09:30:00Z or "
              + "2026-11-01T10:30:00.5+01:00");
    }
    assertThat(read(LINE.formatted("0000-12-31T23:59:59Z")).error())
        .isEqualTo("timestamp \"0000-12-31T23:59:59Z\" is 0000-12-31T23:59:59Z in UTC, outside the years 1..9999");
    // regression (hostile-input probe): the message quoted only the UTC instant, a value the line never held
    assertThat(read(LINE.formatted("0001-01-01T00:00:00+00:01")).error()).isEqualTo(
        "timestamp \"0001-01-01T00:00:00+00:01\" is 0000-12-31T23:59:00Z in UTC, outside the years 1..9999");
    assertThat(read(LINE.formatted("9999-12-31T23:59:59-00:01")).error())
        .startsWith("timestamp \"9999-12-31T23:59:59-00:01\" is ");
  }

  /** Regression (hostile-input probe): the strings "NaN" and "Infinity" were called numbers that are not finite. */
  @Test
  void read_valueAsAString_isNotANumber_whateverTheString() {
    for (String text : List.of("5", "NaN", "Infinity", "-Infinity")) {
      assertThat(read("{\"userId\":\"u\",\"spaceId\":\"s\",\"type\":\"time\",\"value\":\"" + text
          + "\",\"timestamp\":\"2026-11-01T09:30:00Z\"}").error()).as(text)
          .isEqualTo("value must be a number, not \"" + text + "\"");
    }
  }

  /** Regression (hostile-input probe): Jackson's limit messages lost their closing parenthesis with the hint. */
  @Test
  void read_overJacksonsLimits_saysSoInWholeSentences() {
    String longNumber = "{\"id\":\"a\",\"value\":" + "1".repeat(1201) + "}";
    assertThat(read(longNumber).error())
        .isEqualTo("not accepted as JSON: Number value length (1201) exceeds the maximum allowed (1000)");
  }

  @Test
  void read_withoutId_deterministicPerContentAndOccurrence() {
    String a = "{\"userId\":\"u\",\"spaceId\":\"s\",\"type\":\"time\",\"value\":5,\"timestamp\":\"2026-11-01T09:30:00Z\"}";
    String sameContent = "{ \"timestamp\": \"2026-11-01T09:30:00Z\", \"value\": 5.0, \"type\": \"time\", \"spaceId\": \"s\", \"userId\": \"u\" }";
    String other = a.replace("\"value\":5", "\"value\":6");

    EventReader first = EventReader.create();
    ProgressEvent a1 = first.read(a).event();
    ProgressEvent a2 = first.read(sameContent).event();
    ProgressEvent b1 = first.read(other).event();
    EventReader second = EventReader.create();

    assertThat(a1.id()).isNotEqualTo(a2.id()).isNotEqualTo(b1.id());
    assertThat(second.read(sameContent).event().id()).isEqualTo(a1.id());
    assertThat(second.read(a).event().id()).isEqualTo(a2.id());
    assertThat(a1.withId("x")).isEqualTo(a2.withId("x"));
  }

  /**
   * Regression (issue 12, item 2): numbers in metadata kept their notation's type, so {@code -0.0} and
   * {@code 0}, {@code 1e2} and {@code 100} made different events. Numbers equal as numbers now make equal
   * events, with equal deterministic ids; a number beyond a double is refused naming the field.
   */
  @Test
  void read_metadataNumbers_equalAsNumbers() {
    String line = "{\"userId\":\"u\",\"spaceId\":\"s\",\"type\":\"time\",\"value\":5,"
        + "\"timestamp\":\"2026-11-01T09:30:00Z\",\"metadata\":%s}";
    ProgressEvent plain = EventReader.create()
        .read(line.formatted("{\"z\":0,\"h\":100,\"t\":0,\"f\":0.5,\"b\":100000000000000000000}")).event();
    ProgressEvent written = EventReader.create()
        .read(line.formatted("{\"z\":-0.0,\"h\":1e2,\"t\":1E-400,\"f\":5e-1,\"b\":1.0e20}")).event();
    ProgressEvent point = EventReader.create()
        .read(line.formatted("{\"z\":0.0,\"h\":100.0,\"t\":0.000,\"f\":0.50,\"b\":100000000000000000000.0}")).event();

    assertThat(written).isEqualTo(plain);
    assertThat(point).isEqualTo(plain);
    assertThat(plain.metadata()).containsEntry("z", 0L).containsEntry("h", 100L).containsEntry("f", 0.5)
        .containsEntry("b", new BigInteger("100000000000000000000"));
    assertThat(read(line.formatted("{\"x\":{\"y\":1e400}}")).error())
        .isEqualTo("metadata.x.y 1E+400 is not a finite number");
    assertThat(read(line.formatted("{\"x\":-1e400}")).error()).isEqualTo("metadata.x -1E+400 is not a finite number");
    assertThat(read(LINE.formatted("2026-11-01T09:30:00Z").replace("\"value\":5", "\"value\":1e400")).error())
        .isEqualTo("value 1E+400 is not a finite number");
    assertThat(read(LINE.formatted("2026-11-01T09:30:00Z").replace("\"value\":5", "\"value\":-0.0")
        .replace("\"type\":\"time\"", "\"type\":\"interaction\"")).event().value()).isEqualTo(Double.valueOf(0.0));
  }

  /**
   * Regression (issue 12, item 3): a log was decoded with malformed bytes replaced by U+FFFD, so
   * {@code "bob\xff"} and {@code "bob\xfe"} became the same user and the second line a false conflict. Each
   * such line is now rejected, naming the line and the byte; its neighbours are read.
   */
  @Test
  void readLines_invalidUtf8_rejectsTheLineNamingIt_neverRepairs() throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    log.write(line("bob").getBytes(StandardCharsets.UTF_8));
    log.write('\n');
    byte[] bad = line("bobX").getBytes(StandardCharsets.UTF_8);
    bad[line("bob").indexOf("bob") + 3] = (byte) 0xFF;
    log.write(bad);
    log.write('\n');
    byte[] overlong = line("bobX").getBytes(StandardCharsets.UTF_8);
    byte[] withOverlong = new byte[overlong.length + 1];
    int at = line("bob").indexOf("bob") + 3;
    System.arraycopy(overlong, 0, withOverlong, 0, at);
    withOverlong[at] = (byte) 0xC0; // an overlong encoding of "/" (0xC0 0xAF)
    withOverlong[at + 1] = (byte) 0xAF;
    System.arraycopy(overlong, at + 1, withOverlong, at + 2, overlong.length - at - 1);
    log.write(withOverlong);
    log.write('\n');
    byte[] surrogate = line("bob\u00e9").getBytes(StandardCharsets.UTF_8);
    byte[] withSurrogate = new byte[surrogate.length + 1];
    System.arraycopy(surrogate, 0, withSurrogate, 0, at);
    withSurrogate[at] = (byte) 0xED; // U+D800 encoded as if it were a character
    withSurrogate[at + 1] = (byte) 0xA0;
    withSurrogate[at + 2] = (byte) 0x80;
    System.arraycopy(surrogate, at + 2, withSurrogate, at + 3, surrogate.length - at - 2);
    log.write(withSurrogate);
    log.write('\n');
    log.write(line("bob\u00e9").getBytes(StandardCharsets.UTF_8));

    List<ParsedEvent> read = new ArrayList<>();
    long lines = EventReader.create().readLines(new ByteArrayInputStream(log.toByteArray()), read::add);

    assertThat(lines).isEqualTo(5);
    assertThat(read).extracting(ParsedEvent::line).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(read.get(0).event().userId()).isEqualTo("bob");
    assertThat(read.get(1).error()).isEqualTo("not valid UTF-8: byte 0xFF at column " + (at + 1)
        + "; the line was not read");
    assertThat(read.get(2).error()).startsWith("not valid UTF-8: byte 0xC0 at column " + (at + 1));
    assertThat(read.get(3).error()).startsWith("not valid UTF-8: byte 0xED at column " + (at + 1));
    assertThat(read.get(4).event().userId()).isEqualTo("bob\u00e9");
    assertThat(read).noneMatch(p -> p.isValid() && p.event().userId().contains("\uFFFD"));
  }

  /**
   * Regression (issue 12, item 10): a line of only Unicode white space (a no-break space, an ideographic
   * space) was not blank for {@link String#isBlank()} and was rejected as "not valid JSON"; the model skips it.
   */
  @Test
  void readLines_linesOfOnlyUnicodeWhiteSpace_areSkipped_butCounted() throws IOException {
    String log = "\u00A0\n" + line("u1") + "\n\u3000 \u2003\t\n\r\n" + line("u2") + "\n\u0085\n";
    List<ParsedEvent> read = new ArrayList<>();
    long lines = EventReader.create()
        .readLines(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), read::add);

    assertThat(lines).isEqualTo(6);
    assertThat(read).extracting(ParsedEvent::line).containsExactly(2L, 5L);
    assertThat(read).allMatch(ParsedEvent::isValid);
  }

  /**
   * Regression (hostile-input probe): a byte order mark after an object was refused as "Invalid UTF-8 start byte
   * 0xbb", bytes that are valid UTF-8. A mark leading a line is skipped, as at the start of a file (concatenated
   * files keep theirs); one elsewhere outside a string is named.
   */
  @Test
  void readLines_byteOrderMarks_leadingALineSkipped_elsewhereNamed() throws IOException {
    String bom = "\uFEFF";
    String log = bom + line("u1") + "\n" + bom + line("u2") + "\n" + line("u3") + bom + "\n" + bom + " \n"
        + line("u\uFEFF4") + "\n";
    List<ParsedEvent> read = new ArrayList<>();
    EventReader.create().readLines(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), read::add);

    assertThat(read).extracting(ParsedEvent::line).containsExactly(1L, 2L, 3L, 5L); // line 4, a mark alone, is blank
    assertThat(read.get(0).isValid()).isTrue();
    assertThat(read.get(1).isValid()).isTrue();
    assertThat(read.get(2).error()).isEqualTo(
        "not valid JSON: a byte order mark (U+FEFF) at column " + (line("u3").length() + 1) + ", outside a string");
    assertThat(read.get(3).event()).extracting(ProgressEvent::userId).isEqualTo("u\uFEFF4"); // in a string: text
  }

  @Test
  void readLines_tooLong_isRefusedUnread_inBytes() throws IOException {
    String huge = "{\"userId\":\"" + "é".repeat(EventReader.MAX_LINE_BYTES / 2) + "\"}";
    List<ParsedEvent> read = new ArrayList<>();
    EventReader.create().readLines(
        new ByteArrayInputStream((huge + "\n" + line("u1")).getBytes(StandardCharsets.UTF_8)), read::add);

    assertThat(read.get(0).error()).isEqualTo("line is " + huge.getBytes(StandardCharsets.UTF_8).length
        + " bytes long, more than the " + EventReader.MAX_LINE_BYTES + " an event line may have");
    assertThat(read.get(1).isValid()).isTrue();
  }

  @Test
  void read_map_sameRulesAndMessagesAsJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("userId", "u");
    fields.put("spaceId", "s");
    fields.put("type", "time");
    fields.put("value", 5);
    fields.put("timestamp", "2026-11-01T09:30:00Z");
    fields.put("metadata", Map.of("skill", "coding"));
    ProgressEvent fromMap = EventReader.create().read(fields).event();
    ProgressEvent fromJson = EventReader.create().read("{\"userId\":\"u\",\"spaceId\":\"s\",\"type\":\"time\","
        + "\"value\":5,\"timestamp\":\"2026-11-01T09:30:00Z\",\"metadata\":{\"skill\":\"coding\"}}").event();
    assertThat(fromMap).isEqualTo(fromJson);

    assertThat(EventReader.create().read(with(fields, "timestamp", Instant.parse("2026-11-01T09:30:00Z"))).event())
        .isEqualTo(fromJson);
    assertThat(EventReader.create().read(with(fields, "value", "12")).error())
        .isEqualTo("value must be a number, not \"12\"");
    assertThat(EventReader.create().read(with(fields, "userId", 7)).error()).isEqualTo("userId must be a string, not 7");
    assertThat(EventReader.create().read(with(fields, "colour", "red")).error())
        .startsWith("unknown key 'colour' in an event; known keys: id, userId");
    assertThat(EventReader.create().read(with(fields, "value", 1441)).error())
        .isEqualTo("value 1441 is out of range 0 (exclusive)..1440 minutes for type time");
    assertThat(EventReader.create().read(with(fields, "value", new java.math.BigDecimal("1e400"))).error())
        .isEqualTo("value 1E+400 is not a finite number");
    assertThat(EventReader.create().read(with(fields, "metadata", List.of())).error())
        .isEqualTo("metadata must be a JSON object, not an array");
    assertThat(EventReader.create().read(with(fields, "timestamp", "2026-11-01T24:00:00Z")).error())
        .startsWith("timestamp \"2026-11-01T24:00:00Z\" is not an RFC 3339 date-time");
  }

  /**
   * Regression (issue 12, item 10): messages were cut at 200 characters, so a long token lost the end of
   * Jackson's message, its closing parenthesis included.
   */
  @Test
  void read_longBadToken_messageKeepsItsEnd() {
    String error = read("{\"userId\":" + "x".repeat(500) + "}").error();

    assertThat(error).startsWith("not valid JSON: Unrecognized token 'xxx").contains("...")
        .endsWith("'null', 'true' or 'false') (column 11)");
    assertThat(error.length()).isLessThan(260);
  }

  private static Map<String, Object> with(Map<String, Object> fields, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.put(key, value);
    return copy;
  }

  private static ParsedEvent read(String json) {
    return EventReader.create().read(json);
  }

  private static String line(String user) {
    return "{\"userId\":\"" + user + "\",\"spaceId\":\"s\",\"type\":\"time\",\"value\":5,"
        + "\"timestamp\":\"2026-11-01T09:30:00Z\"}";
  }
}
