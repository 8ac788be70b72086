package jaguar.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What a running experiment may touch: its own output directory, its seed, a log and progress
 * bars. Files are written to a staging directory that the runner moves into {@code
 * results/<name>/} only when the run succeeds.
 */
public final class RunContext {
  private final String name;
  private final Path dir;
  private final long seed;
  private final PrintStream log;
  private final List<String> written = new ArrayList<>();

  public RunContext(String name, Path dir, long seed, PrintStream log) {
    this.name = name;
    this.dir = dir;
    this.seed = seed;
    this.log = log;
  }

  /** The experiment's name ({@code name:} in its config). */
  public String name() {
    return name;
  }

  /** The seed of the run ({@code seed:} in its config); derive every PRG of the run from it. */
  public long seed() {
    return seed;
  }

  /** The staging directory; prefer {@link #write} and {@link #file}. */
  public Path dir() {
    return dir;
  }

  /** Writes a table as {@code <fileName>} (e.g. {@code rows.csv}) in the result directory. */
  public Path write(String fileName, ResultTable table) {
    Path p = file(fileName);
    try {
      table.writeCsv(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p, e);
    }
    return p;
  }

  /** A path for a file of this run (created directories, recorded in the manifest). */
  public Path file(String fileName) {
    Path p = dir.resolve(fileName);
    try {
      Files.createDirectories(p.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!written.contains(fileName)) {
      written.add(fileName);
    }
    return p;
  }

  public List<String> filesWritten() {
    return List.copyOf(written);
  }

  public void log(String message) {
    log.println("[" + name + "] " + message);
  }

  /** A progress bar on stderr, updated at most once a second; close it when done. */
  public ProgressBar progress(String task, long total) {
    return new ProgressBarBuilder()
        .setTaskName(name + ": " + task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(1000)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .showSpeed()
        .build();
  }
}
