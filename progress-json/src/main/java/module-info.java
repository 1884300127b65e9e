/** The model's JSON formats (events, plans, reports) through Jackson. Exports its API package only. */
module dev.progress.json {
  requires transitive dev.progress.core;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports dev.progress.json;
}
