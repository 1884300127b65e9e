/**
 * Progress core: events, plans, rules, the tracker, analytics and the in-memory store. Applications use
 * {@code dev.progress.core} and {@code dev.progress.core.analytics}; stores and custom rules plug in through {@code dev.progress.core.spi}. The engine
 * ({@code dev.progress.core.internal}) is not exported.
 */
module dev.progress.core {
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.progress.core;
  exports dev.progress.core.spi;
  exports dev.progress.core.analytics;
}
