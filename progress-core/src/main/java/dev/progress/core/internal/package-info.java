/**
 * Not API: the engine behind {@link dev.progress.core.ProgressTracker} (per-user state, the built-in rules and
 * their O(1) accumulators). Anything here may change in any release.
 */
@NullMarked
package dev.progress.core.internal;

import org.jspecify.annotations.NullMarked;
