package dev.progress.examples.cli;

import dev.progress.core.InvalidConfigurationException;
import dev.progress.core.Plan;
import dev.progress.json.ProgressJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Opens the files the commands read, turning every failure into a {@link CommandException} that says what to fix. */
final class Sources {
  private Sources() {}

  /**
   * Opens an event log, as bytes: the reader decodes each line on its own, so a line that is not valid UTF-8 is
   * rejected by itself, never repaired, and the rest of the file is still read.
   *
   * @param name a path, or {@code -} for {@code stdin}
   */
  static InputStream events(String name, InputStream stdin) {
    if (name.equals("-")) {
      return stdin;
    }
    return open("events file", Path.of(name));
  }

  /** The size in bytes of an event log, or -1 for standard input or when unknown. */
  static long size(String name) {
    try {
      return name.equals("-") ? -1 : Files.size(Path.of(name));
    } catch (IOException e) {
      return -1;
    }
  }

  /** The plan in {@code file}, or the empty plan when none is given. */
  static Plan plan(@Nullable Path file) {
    if (file == null) {
      return Plan.empty();
    }
    try (InputStream in = open("plan", file)) {
      return ProgressJson.readPlan(in);
    } catch (InvalidConfigurationException e) {
      throw invalidPlan(file.toString(), e);
    } catch (IOException e) {
      throw new CommandException("cannot read plan " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code invalid plan plan.json: spaces[0].tasks must be a whole number, not 2.5}. */
  static CommandException invalidPlan(String source, InvalidConfigurationException e) {
    String why = e.getMessage();
    return new CommandException("invalid plan " + source + ": " + (why.startsWith("plan: ") ? why.substring(6) : why));
  }

  /** Wraps an unexpected read failure in the middle of a file. */
  static CommandException readFailed(String what, String name, IOException e) {
    return new CommandException("cannot read " + what + " " + name + ": " + e.getMessage(), e);
  }

  private static InputStream open(String what, Path file) {
    if (Files.isDirectory(file)) {
      throw new CommandException(what + " " + file + " is a directory; give a file");
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new CommandException(what + " " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new CommandException("cannot read " + what + " " + file + ": permission denied", e);
    } catch (IOException e) {
      throw new CommandException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }
}
