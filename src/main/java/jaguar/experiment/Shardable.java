package jaguar.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An experiment whose cases can be spread over machines ({@code jaguar run CONFIG --shard I/N},
 * then {@code jaguar merge results/<name>}). Its cases come in named groups: everything one ratio
 * compares (every protocol of one shape; every protocol variant and vectorisation of one model and
 * network) is one group, so ratios are always measured side by side in one shard on one machine.
 */
public interface Shardable extends Experiment {
  /** Every group of the config, in the order an unsharded run takes them (no duplicates). */
  List<String> groups();

  /** The same experiment restricted to {@code groups} (a subset of {@link #groups()}). */
  Experiment only(Set<String> groups);

  /**
   * Writes through {@code context} the experiment's usual files from the shard result directories
   * {@code shards} (complete, of one commit and config: checked before this is called), in the
   * order and with the derived tables an unsharded run would have produced.
   */
  void merge(List<Path> shards, RunContext context) throws Exception;
}
