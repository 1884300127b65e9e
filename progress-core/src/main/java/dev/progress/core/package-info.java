/**
 * Progress tracking for learning and productivity applications.
 *
 * <p>Start at {@link dev.progress.core.ProgressTracker}: send it {@link dev.progress.core.ProgressEvent}s and ask
 * it for {@link dev.progress.core.Progress} of a space, goal or skill, each with a breakdown into weighted
 * {@link dev.progress.core.Component}s and a readable explanation. A {@link dev.progress.core.Plan} tells the
 * tracker how many tasks and milestones to expect and which spaces form a goal. The meaning of every number is
 * fixed in {@code docs/progress-model.md}.
 */
@NullMarked
package dev.progress.core;

import org.jspecify.annotations.NullMarked;
