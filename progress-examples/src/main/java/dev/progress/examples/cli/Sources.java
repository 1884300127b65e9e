package dev.progress.examples.cli;

import dev.progress.core.Plan;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Opens the files the commands read, turning every failure into a {@link CommandException} that says what to fix. */
final class Sources {
  private Sources() {}

  /**
   * Opens an event log as UTF-8 (malformed bytes become U+FFFD, so such a line is refused by its content, not
   * the whole file).
   *
   * @param name a path, or {@code -} for {@code stdin}
   */
  static Reader events(String name, InputStream stdin) {
    if (name.equals("-")) {
      return reader(stdin);
    }
    return reader(open("events file", Path.of(name)));
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
    try (Reader in = reader(open("plan", file))) {
      return PlanJson.read(in, file.toString());
    } catch (IOException e) {
      throw new CommandException("cannot read plan " + file + ": " + e.getMessage(), e);
    }
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

  private static Reader reader(InputStream in) {
    return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE));
  }
}
