package jaguar.experiment;

/**
 * One kind of experiment ({@code kind: conv-microbench} in a config). A kind reads and validates
 * its own fields into an {@link Experiment} before anything runs, so a bad config fails fast and
 * {@code reproduce} can check every config before spending time on the first.
 */
public interface ExperimentKind {
  /** The value of {@code kind:} that selects this experiment. */
  String name();

  /** One line for {@code jaguar run --help} and the README. */
  String description();

  /**
   * Reads this kind's fields from {@code config} (the whole config mapping; the common fields
   * {@code name}, {@code kind}, {@code seed}, {@code description} are already consumed). Must call
   * {@link ConfigNode#finish()} on every node it reads so unknown fields are errors.
   *
   * @throws ConfigException naming the file, field, value and what is valid
   */
  Experiment parse(ConfigNode config);

  /** Whether this kind's experiments are {@link Shardable} ({@code jaguar run --shard I/N}). */
  default boolean shards() {
    return false;
  }
}
