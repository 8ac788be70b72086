package jaguar.experiment.ot;

import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.mpc.ot.OtKind;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kind: ot-extension}: bits and time per random COT of each OT backend, over the in-memory
 * and TCP loopback channels, measured from the channel's byte counters and each party's thread CPU
 * time.
 *
 * <pre>
 * ot: [ferret, iknp]
 * channels: [in-memory, tcp]
 * cots: 50000000          # COTs measured per run (one direction: the server sends, the client receives)
 * warmup_cots: 20000000   # taken first, not measured (JIT, first iterations)
 * chunk: 1000000          # COTs taken per call
 * repeats: 3              # runs per backend and channel; the best is reported beside each run
 * timeout_s: 600
 * </pre>
 */
public final class OtExtensionKind implements ExperimentKind {
  static final List<String> CHANNELS = List.of("in-memory", "tcp");

  @Override
  public String name() {
    return "ot-extension";
  }

  @Override
  public String description() {
    return "bits and nanoseconds per random COT, Ferret vs IKNP, in-memory and TCP channels";
  }

  @Override
  public Experiment parse(ConfigNode config) {
    List<OtKind> ots = new ArrayList<>();
    for (String id : config.strings("ot", List.of("ferret", "iknp"), OtKind.ids())) {
      if (ots.contains(OtKind.of(id))) {
        throw config.error("ot", id, "each backend at most once");
      }
      ots.add(OtKind.of(id));
    }
    List<String> channels = config.strings("channels", CHANNELS, CHANNELS);
    long cots = config.integer("cots", 50_000_000L, 1, 2_000_000_000L);
    long warmup = config.integer("warmup_cots", 20_000_000L, 0, 2_000_000_000L);
    int chunk = config.integer32("chunk", 1_000_000, 1, 1 << 24);
    int repeats = config.integer32("repeats", 3, 1, 100);
    int timeout = config.integer32("timeout_s", 600, 1, 86_400);
    return new OtExtensionExperiment(List.copyOf(ots), List.copyOf(channels), cots, warmup, chunk, repeats, timeout);
  }
}
