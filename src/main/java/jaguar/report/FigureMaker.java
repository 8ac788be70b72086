package jaguar.report;

import java.nio.file.Path;

/**
 * Makes the figures (and Markdown comparison tables) of one experiment kind from its CSV files
 * alone: never from in-memory state, so {@code jaguar figures} can regenerate everything from
 * {@code results/}.
 */
public interface FigureMaker {
  /** The experiment kind whose results this reads ({@code kind:} of the config). */
  String kind();

  /**
   * Reads {@code resultDir} (the CSVs and manifest of one run) and writes figures into {@code
   * figureDir}; Markdown tables go into {@code resultDir}. Returns the files written.
   */
  java.util.List<Path> make(Path resultDir, Path figureDir) throws Exception;
}
