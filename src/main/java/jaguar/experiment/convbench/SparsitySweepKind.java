package jaguar.experiment.convbench;

import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code kind: sparsity-sweep} (the paper's Figure 8, sparse-weight density crossover): the
 * server-side convolution time of each protocol as the fraction of nonzero weights falls. SPA-Conv
 * pays per nonzero tap, the NTT schedules per (output, channel block) pair, so Jaguar's time falls
 * with the density and Cheetah's does not (until whole filters are zero). Runs in this JVM (its
 * vectorisation: bin/jaguar's defaults, AVX on where the CPU has it; the CSV says which).
 *
 * <pre>
 * densities: [1.0, 0.5, 0.25, 0.1, 0.05]   # fraction of nonzero weights, in (0, 1]
 * protocols: [jaguar, jaguar-hybrid, cheetah-ntt, cheetah]
 * threads: [1]
 * repeats: 3                # timed repeats (each a batch of calls of at least min_repeat_ms)
 * warmup: 1
 * min_repeat_ms: 50
 * weight_bits: 8
 * shapes:
 *   - {name: resnet18-layer3, H: 14, W: 14, ci: 256, co: 256, k: 3, stride: 1, pad: 1}
 * </pre>
 *
 * jaguar-hybrid is planned with the actual density ({@link jaguar.conv.JaguarPlanner}).
 */
public final class SparsitySweepKind implements ExperimentKind {
  @Override
  public String name() {
    return "sparsity-sweep";
  }

  @Override
  public String description() {
    return "convolution time vs fraction of nonzero weights, Jaguar vs Cheetah (paper Figure 8)";
  }

  @Override
  public Experiment parse(ConfigNode c) {
    List<Double> densities = c.numbers("densities", List.of(1.0, 0.5, 0.25, 0.1, 0.05), 0.001, 1.0);
    List<String> protocols = c.strings("protocols", List.of("jaguar", "jaguar-hybrid", "cheetah-ntt", "cheetah"),
        BenchProtocols.names());
    if (new HashSet<>(protocols).size() != protocols.size()) {
      throw c.error("protocols", protocols, "distinct protocols among " + String.join(", ", BenchProtocols.names()));
    }
    List<Integer> threads = new ArrayList<>();
    for (long t : c.integers("threads", List.of(1L), 1, 256)) {
      if (threads.contains((int) t)) {
        throw c.error("threads", c.raw().get("threads"), "distinct thread counts");
      }
      threads.add((int) t);
    }
    int repeats = c.integer32("repeats", 3, 1, 10_000);
    int warmup = c.integer32("warmup", 1, 1, 1000);
    double minRepeatMs = c.number("min_repeat_ms", 50, 0, 60_000);
    int weightBits = c.integer32("weight_bits", 8, 2, 10);
    long kernelMemoryMb = c.integer("kernel_memory_mb", 2048, 16, 1L << 20);
    List<BenchShape> shapes = new ArrayList<>();
    for (ConfigNode n : c.children("shapes")) {
      BenchShape s = ConvMicrobenchKind.inlineShape(n, protocols);
      for (BenchShape o : shapes) {
        if (o.name().equals(s.name())) {
          throw c.error("shapes", s.name(), "distinct shape names");
        }
      }
      shapes.add(s);
    }
    if (shapes.isEmpty()) {
      throw c.error("shapes", "[]", "at least one {name, H, W, ci, co, k, stride, pad} mapping");
    }
    BenchSettings settings = new BenchSettings(0, repeats, warmup, threads, protocols, List.of(), shapes,
        weightBits, minRepeatMs, 0, kernelMemoryMb, false, false, 0.05, 0, 0);
    return new SparsitySweepExperiment(settings, densities);
  }
}
