/**
 * Progress for people to look at: view models and the renderers that draw them, with no UI framework.
 *
 * <p>A {@link dev.progress.view.ProgressIndicator} (circular, linear or detailed) is built from any space, goal or
 * skill {@link dev.progress.core.Progress}. Charts are plain records of plain values ({@link
 * dev.progress.view.TimeSpentChart}, {@link dev.progress.view.ProgressOverTime}, {@link
 * dev.progress.view.ForecastView}, {@link dev.progress.view.SkillRetention}, {@link
 * dev.progress.view.InsightView}), so any source of analytics can fill them. Three renderers draw them: {@link
 * dev.progress.view.TextRenderer} for terminals, {@link dev.progress.view.SvgRenderer} for images and {@link
 * dev.progress.view.HtmlRenderer} for one self-contained HTML page per {@link dev.progress.view.ReportView}.
 * Every renderer gives byte-identical output for the same input, whatever the default locale.
 */
@NullMarked
package dev.progress.view;

import org.jspecify.annotations.NullMarked;
