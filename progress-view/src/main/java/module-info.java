/** Progress indicators and charts as view models, drawn as terminal text, SVG and HTML. Pure Java. */
module dev.progress.view {
  requires transitive dev.progress.core;
  requires static org.jspecify;

  exports dev.progress.view;
}
