/**
 * Turns the JSON files JMH writes for each repetition into the ratios of the targets: per repetition the
 * benchmark's score over its baseline's, then the median over repetitions. Not API.
 */
@NullMarked
package dev.progress.benchmarks.report;

import org.jspecify.annotations.NullMarked;
