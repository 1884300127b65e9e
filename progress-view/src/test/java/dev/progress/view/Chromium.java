package dev.progress.view;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium as a test fixture: loads a local file with no network, into a fresh profile, and takes a
 * screenshot or dumps the DOM. Found on the PATH as {@code chromium} (Debian's package), {@code chromium-browser}
 * or {@code google-chrome}, or at {@code $PROGRESS_CHROMIUM}. Missing, it fails the test with what to install: CI
 * ({@code .ci/run}) installs it, so a silent skip would only hide a broken setup.
 */
final class Chromium {
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
  private static final long TIMEOUT_SECONDS = 90;

  private final Path executable;
  private final Path work;

  private Chromium(Path executable, Path work) {
    this.executable = executable;
    this.work = work;
  }

  /** The browser, or an AssertionError saying how to install it. */
  static Chromium find(Path work) {
    String configured = System.getenv("PROGRESS_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return new Chromium(Path.of(configured), work);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate)) {
          return new Chromium(candidate, work);
        }
      }
    }
    throw new AssertionError("The browser test needs headless Chromium, and none of " + NAMES
        + " is on the PATH. Install it with `apt-get update && apt-get install -y chromium` (Debian; .ci/run does "
        + "this in CI), or point PROGRESS_CHROMIUM at a Chromium or Chrome executable.");
  }

  /** Loads {@code page} in a window of the given size and writes what it shows to {@code png}. */
  void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", page.toUri().toString()), "screenshot");
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new AssertionError("Chromium wrote no screenshot to " + png + "; see " + work.resolve("screenshot.log"));
    }
  }

  /** Loads {@code page} and returns the DOM as the browser built it, serialized as HTML. */
  String dumpDom(Path page) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", page.toUri().toString()), "dump-dom");
  }

  private String run(List<String> arguments, String name) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "profile-");
    List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--disable-extensions", "--disable-default-apps", "--mute-audio",
        "--user-data-dir=" + profile.toAbsolutePath()));
    command.addAll(arguments);
    Path out = work.resolve(name + ".out");
    Path log = work.resolve(name + ".log");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("Chromium did not finish " + name + " within " + TIMEOUT_SECONDS + " s: " + command);
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("Chromium exited with " + process.exitValue() + " for " + name + ": " + command
            + "\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      delete(profile);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a profile left behind in target/ is harmless
    }
  }
}
