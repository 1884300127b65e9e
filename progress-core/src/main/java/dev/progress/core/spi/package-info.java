/**
 * Extension points: {@link dev.progress.core.spi.ProgressRule} adds or replaces a component of a level, and
 * {@link dev.progress.core.spi.ProgressStore} keeps events and snapshots somewhere (memory, a database).
 * Applications use these to plug in; they never call them directly.
 */
@NullMarked
package dev.progress.core.spi;

import org.jspecify.annotations.NullMarked;
