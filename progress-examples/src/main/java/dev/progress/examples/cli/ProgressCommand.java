package dev.progress.examples.cli;

import dev.progress.core.InMemoryProgressStore;
import dev.progress.core.ProgressTracker;
import dev.progress.core.StoreException;
import dev.progress.jdbc.JdbcUrls;
import dev.progress.json.EventReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code progress} command: {@code report} a JSON Lines event log (see {@code docs/progress-model.md},
 * section 6), and the subcommands that store events in a database and show them.
 *
 * <p>Exit status: 0 when every line was accepted or a duplicate, 1 when a line was rejected (the output is
 * still complete for the rest), 2 when the command could not run (unreadable file, invalid plan, bad option,
 * a database that cannot be opened or fails, a standard output that refuses the writes), with a message saying
 * what to fix and never a stack trace; URLs in messages have their credentials masked. Not thread-safe; one
 * instance runs one command.
 */
@Command(
    name = "progress",
    mixinStandardHelpOptions = true,
    versionProvider = ProgressCommand.Version.class,
    description = "Tracks learning progress: spaces grouped into goals, skills practised across them.",
    subcommands = {
      ReportCommand.class, ImportCommand.class, ShowCommand.class, DemoCommand.class, CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every line was accepted or a duplicate",
      "1:some lines were rejected; the output is complete for the others",
      "2:the command could not run (unreadable file, invalid plan, bad option, unusable or failing database,"
          + " standard output that cannot be written)"
    })
public final class ProgressCommand implements Callable<Integer> {
  /** Exit status when some lines were rejected. */
  static final int REJECTED = 1;
  /** Exit status when the command could not run. */
  static final int UNUSABLE = 2;

  final InputStream stdin;
  final InstantSource clock;

  @Spec CommandSpec spec;

  private ProgressCommand(InputStream stdin, InstantSource clock) {
    this.stdin = stdin;
    this.clock = clock;
  }

  /**
   * Runs the command and exits with its status. Logging is off (see {@code simplelogger.properties}: what the
   * user must know, the command says itself); with the environment variable {@code PROGRESS_DEBUG} set,
   * everything is logged at debug level on standard error, with the causes of failures.
   */
  public static void main(String[] args) {
    if (debug()) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    }
    warmUp();
    CommandLine cli = commandLine(System.in, InstantSource.system());
    // straight to the file descriptor, not through System.out: a PrintStream would keep a failed write to
    // itself, where the out writer's checkError() does not see it
    cli.setOut(new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), false));
    cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    int status;
    try {
      status = cli.execute(args);
    } catch (OutOfMemoryError e) {
      status = outOfMemory(cli, args);
    }
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(status);
  }

  /**
   * Loads and initializes, on a second thread, what every command that reads events goes on to need: Jackson's
   * mapper and the event reader, and a tracker's configuration (its rules, its version's SHA-256). On a cold
   * JVM they take about 170 and 100 ms, and picocli about 200 ms to reflect over the commands first; with two
   * cores, the command then finds them ready instead of initializing them after picocli. Class initialization is
   * thread-safe: a command that gets there first waits for it. A daemon thread: it never holds the JVM up.
   */
  private static void warmUp() {
    Thread warm = new Thread(() -> {
      try {
        ProgressTracker.builder().store(InMemoryProgressStore.countsOnly()).build();
        EventReader.create();
      } catch (RuntimeException | LinkageError e) {
        // nothing to say here: the command meets the same failure where it reports failures
      }
    }, "progress-warm-up");
    warm.setDaemon(true);
    warm.start();
  }

  /**
   * One sentence instead of a stack trace: how much heap there was and how much to give. The tracker's state
   * is unreachable once the error has unwound the command, so there is memory left to say it.
   */
  static int outOfMemory(CommandLine cli, String[] args) {
    long mb = Runtime.getRuntime().maxMemory() >> 20;
    long suggested = Math.max(512, Integer.highestOneBit((int) Math.min(Integer.MAX_VALUE, mb)) * 2L);
    String command = args.length == 0 ? "" : " " + args[0];
    PrintWriter err = cli.getErr();
    err.println("progress" + command + ": ran out of memory with a " + mb + " MB heap (each user being tracked"
        + " takes about 5 KB); give Java more, e.g. java -Xmx" + (suggested >= 1024 ? suggested / 1024 + "g"
        : suggested + "m") + " -jar progress.jar" + command + " ...");
    err.flush();
    return UNUSABLE;
  }

  /**
   * The command line, ready to {@link CommandLine#execute}; set its out and err writers to capture output.
   *
   * @param stdin read by {@code --events -}
   * @param clock "now" for commands run without {@code --as-of}
   */
  static CommandLine commandLine(InputStream stdin, InstantSource clock) {
    CommandLine cli = new CommandLine(new ProgressCommand(stdin, clock));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(ProgressCommand::badOption);
    cli.setExecutionExceptionHandler(ProgressCommand::failed);
    cli.setExecutionStrategy(ProgressCommand::execute);
    return cli;
  }

  /**
   * Runs the command, then checks that its standard output took everything: the out writer is a {@link
   * PrintWriter}, which keeps a failed write (a full disk, a closed pipe) to itself, so without this check the
   * command would exit 0 having printed nothing. Such a failure makes the command exit 2, saying so once.
   */
  private static int execute(CommandLine.ParseResult parsed) {
    int status = new CommandLine.RunLast().execute(parsed);
    CommandLine.ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    CommandLine cli = last.commandSpec().commandLine();
    if (cli.getOut().checkError()) { // flushes first
      PrintWriter err = cli.getErr();
      err.println(qualifiedName(cli) + ": cannot write to standard output");
      err.flush();
      return UNUSABLE;
    }
    return status;
  }

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("progress: a command is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return UNUSABLE;
  }

  private static int badOption(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(message(cli, String.valueOf(e.getMessage())));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + qualifiedName(cli) + " --help' for the options.");
    err.flush();
    return UNUSABLE;
  }

  private static int failed(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    cli.getOut().flush();
    if (e instanceof CommandException || e instanceof StoreException) {
      // a store failure outside import's retries (show reading a database that went away): the message says it
      err.println(message(cli, String.valueOf(e.getMessage())));
    } else {
      err.println(message(cli, "failed unexpectedly: " + e)
          + (debug() ? "" : " (set PROGRESS_DEBUG=1 to see where)"));
    }
    if (debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return UNUSABLE;
  }

  /**
   * {@code progress CMD: detail}, the detail with credentials masked and made safe for a terminal (it may quote a
   * file name, an option's value, a line of a plan).
   */
  private static String message(CommandLine cli, String detail) {
    return qualifiedName(cli) + ": " + TerminalText.lines(JdbcUrls.maskCredentials(detail));
  }

  private static boolean debug() {
    return System.getenv("PROGRESS_DEBUG") != null;
  }

  private static String qualifiedName(CommandLine cli) {
    return cli.getCommandSpec().qualifiedName();
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ProgressCommand.class.getPackage().getImplementationVersion();
      return new String[] {"progress " + (version == null ? "(development build)" : version)};
    }
  }
}
