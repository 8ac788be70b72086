package jaguar.experiment;

/** A validated experiment, ready to run. */
public interface Experiment {
  /**
   * Runs the experiment, writing its CSV files through {@code context}. Everything written goes to
   * a fresh directory that replaces {@code results/<name>/} only when the run succeeds.
   */
  void run(RunContext context) throws Exception;
}
