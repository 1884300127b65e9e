package dev.progress.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Splits an instant into what a microsecond timestamp column holds and the nanoseconds beyond it, so that
 * instants come back exactly (PostgreSQL keeps microseconds and would round the rest).
 */
final class Instants {
  private Instants() {}

  static OffsetDateTime micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  static short extraNanos(Instant instant) {
    return (short) (instant.getNano() % 1000);
  }

  static Instant join(OffsetDateTime micros, int extraNanos) {
    return micros.toInstant().plusNanos(extraNanos);
  }
}
