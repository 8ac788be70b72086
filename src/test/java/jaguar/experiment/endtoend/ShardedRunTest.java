package jaguar.experiment.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.experiment.Runner;
import jaguar.experiment.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long kinds split into shards and merged back give the cases and the derived tables one run
 * gives (timings aside): private-accuracy over three images, end-to-end over two networks.
 */
class ShardedRunTest {
  /** The CSV's lines with the named columns dropped (timings and memory differ between runs). */
  static List<String> without(Path csv, Set<String> drop) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",", -1);
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(",", -1);
      List<String> keep = new ArrayList<>();
      for (int i = 0; i < header.length; i++) {
        if (!drop.contains(header[i])) {
          keep.add(f[i]);
        }
      }
      out.add(String.join(",", keep));
    }
    return out;
  }

  private static void runBoth(Path dir, Path config, int shards) throws Exception {
    new Runner(dir.resolve("whole"), System.err).run(Runner.load(config));
    Runner r = new Runner(dir.resolve("results"), System.err);
    for (int i = 1; i <= shards; i++) {
      r.run(Runner.load(config), new Shard(i, shards));
    }
    r.merge(dir.resolve("results").resolve(Runner.load(config).name()));
  }

  @Test
  void privateAccuracyInThreeShards(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("pa.yaml");
    Files.writeString(c, "name: pa\nkind: private-accuracy\nmodels: [resnet8-fmnist]\nprotocols: [jaguar-private, cheetah]\nimages: 3\n");
    runBoth(dir, c, 3);
    Set<String> timing = Set.of("online_s", "online_s_mean", "borrows");
    for (String f : List.of("images.csv", "accuracy.csv")) {
      List<String> whole = without(dir.resolve("whole/pa/" + f), timing);
      assertThat(without(dir.resolve("results/pa/" + f), timing)).as(f).isEqualTo(whole);
    }
    assertThat(Files.readAllLines(dir.resolve("results/pa/images.csv"))).hasSize(1 + 2 * 3);
    assertThat(Files.readAllLines(dir.resolve("results/pa/shards/2-of-3/images.csv"))).hasSize(1 + 2);
  }

  @Test
  void endToEndInTwoShards(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("e2e.yaml");
    Files.writeString(c, String.join("\n", "name: e2e", "kind: end-to-end", "models: [resnet8-fmnist]",
        "protocols: [jaguar, cheetah-ntt]", "networks:", "  - {name: lan, bandwidth_mb_s: 384, rtt_ms: 0.3}",
        "  - {name: fast, bandwidth_mb_s: 10000, rtt_ms: 0}", "vectorisation: [avx-on]", "images: 1", "transport: in-process",
        "heap_mb: 3072", ""));
    runBoth(dir, c, 2);
    Set<String> varying = Set.of("online_s", "setup_s", "peak_heap_mib_client", "peak_heap_mib_server", "model_load_s",
        "speedup_vs_cheetah", "speedup_vs_cheetah_ntt", "online_over_paper", "borrows");
    for (String f : List.of("end_to_end.csv", "summary.csv")) {
      assertThat(without(dir.resolve("results/e2e/" + f), varying)).as(f).isEqualTo(without(dir.resolve("whole/e2e/" + f), varying));
    }
    assertThat(Files.readAllLines(dir.resolve("results/e2e/end_to_end.csv"))).hasSize(1 + 2 * 2);
    assertThat(Files.readAllLines(dir.resolve("results/e2e/kernel_costs.csv"))).hasSize(1 + 2).first().asString().startsWith("shard,");
    assertThat(Files.readString(dir.resolve("results/e2e/shards/2-of-2/manifest.yaml"))).contains("resnet8-fmnist/fast");
  }

  @Test
  void convMicrobenchInTwoShards(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("cm.yaml");
    Files.writeString(c, String.join("\n", "name: cm", "kind: conv-microbench", "seed: 5", "repeats: 1", "warmup: 1",
        "threads: [1]", "min_repeat_ms: 1", "unit_kernel_s: 0.05", "heap_mb: 1024", "vectorisation: [avx-on]",
        "protocols: [jaguar, cheetah-ntt]", "shapes:",
        "  - {name: a, type: dense, H: 9, W: 11, ci: 5, co: 3, k: 3, stride: 2, pad: 1}",
        "  - {name: b, type: pointwise, H: 8, W: 8, ci: 4, co: 6, k: 1}",
        "  - {name: c, type: depthwise, H: 7, W: 7, ci: 3, co: 3, k: 3, pad: 1, groups: 3}", ""));
    runBoth(dir, c, 2);
    Set<String> timing = Set.of("repeats", "batch", "ms_mean", "ms_std", "ms_min", "ms_median", "measured_over_predicted", "kernel_build_ms",
        "predicted_ms");
    List<String> whole = without(dir.resolve("whole/cm/measurements.csv"), timing);
    assertThat(whole).hasSize(1 + 3 * 2);
    assertThat(without(dir.resolve("results/cm/measurements.csv"), timing)).isEqualTo(whole);
    assertThat(dir.resolve("results/cm/network_totals.csv")).exists();
    assertThat(Files.readAllLines(dir.resolve("results/cm/shards/2-of-2/measurements.csv"))).hasSize(1 + 2);
  }
}
