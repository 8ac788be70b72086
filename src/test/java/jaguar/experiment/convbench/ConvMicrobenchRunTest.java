package jaguar.experiment.convbench;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvShape;
import jaguar.conv.ConvWork;
import jaguar.conv.HomConv;
import jaguar.conv.Layout;
import jaguar.conv.PlainConv;
import jaguar.experiment.Runner;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.math.Prg;
import jaguar.report.Figures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvMicrobenchRunTest {
  /** The rows of a CSV the experiment wrote, as maps (no field of these files holds a comma). */
  static List<Map<String, String>> csv(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < header.length && i < f.length; i++) {
        m.put(header[i], f[i]);
      }
      out.add(m);
    }
    return out;
  }

  @Test
  void unseenShapesRunInBothVectorisationsAndProduceEveryTableAndFigure(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("cm.yaml");
    Files.writeString(config, """
        name: cm-test
        kind: conv-microbench
        seed: 5
        repeats: 1
        warmup: 1
        threads: [1, 2]
        min_repeat_ms: 1
        unit_kernel_s: 0.05
        heap_mb: 1024
        timeout_s: 600
        shapes:
          - {name: odd-dense, type: dense, H: 9, W: 11, ci: 5, co: 3, k: 3, stride: 2, pad: 1}
          - {name: wide-pointwise, type: pointwise, layout: split, H: 30, W: 90, ci: 3, co: 2, k: 1}
        """);
    Path out = new Runner(dir.resolve("results"), System.err).run(Runner.load(config));
    List<Map<String, String>> rows = csv(out.resolve("measurements.csv"));
    assertThat(rows).hasSize(2 * 3 * 2 * 2);
    assertThat(Files.readAllLines(out.resolve("measurements.csv")).get(0))
        .startsWith("name,type,layout,used_by,H,W,ci,co,k,stride,pad,groups,protocol,vectorisation,threads,N")
        .contains("cts_in,cts_out,terms,multiply_adds,products,monomial_products,forward_ntts,inverse_ntts,"
            + "pointwise_products")
        .contains("repeats,batch,ms_mean,ms_std,ms_min");
    for (Map<String, String> r : rows) {
      assertThat(r.get("mismatches")).isEqualTo("0");
      ConvShape s = r.get("name").equals("odd-dense") ? new ConvShape(9, 11, 5, 3, 3, 2, 1, 1)
          : new ConvShape(30, 90, 3, 2, 1, 1, 0, 1);
      assertThat(Long.parseLong(r.get("outputs_checked"))).isEqualTo(s.outputSize());
      assertThat(Double.parseDouble(r.get("ms_mean"))).isPositive();
      assertThat(Double.parseDouble(r.get("ms_min"))).isLessThanOrEqualTo(Double.parseDouble(r.get("ms_mean")));
      assertThat(r.get("kernel_ranges")).isEqualTo(r.get("threads"));
      if (r.get("protocol").equals("jaguar")) {
        assertThat(Long.parseLong(r.get("terms"))).isPositive();
        assertThat(r.get("forward_ntts")).isEqualTo("0");
      } else {
        assertThat(r.get("terms")).isEqualTo("0");
      }
      if (r.get("name").equals("wide-pointwise")) {
        assertThat(r.get("layout")).isEqualTo("split");
        assertThat(r.get("plan_layout")).isEqualTo("split");
      }
    }
    assertThat(rows).extracting(r -> r.get("vectorisation")).containsOnly("avx-off", "avx-on");
    assertThat(csv(out.resolve("speedups.csv"))).hasSize(2 * 2 * 2 * 2)
        .allSatisfy(r -> assertThat(r.get("protocol")).isEqualTo("jaguar"));
    List<Map<String, String>> summary = csv(out.resolve("summary.csv"));
    assertThat(summary).anySatisfy(r -> {
      assertThat(r.get("type")).isEqualTo("dense");
      assertThat(r.get("layout")).isEqualTo("packed");
      assertThat(r.get("baseline")).isEqualTo("cheetah");
      assertThat(r.get("paper_gm_speedup")).isEqualTo("2.47");
    });
    List<Map<String, String>> cost = csv(out.resolve("cost_model.csv"));
    assertThat(cost).extracting(r -> r.get("name") + "/" + r.get("method")).containsExactly(
        "odd-dense/jaguar", "odd-dense/cheetah", "odd-dense/cheetah-ntt", "odd-dense/gazelle",
        "wide-pointwise/jaguar", "wide-pointwise/cheetah", "wide-pointwise/cheetah-ntt", "wide-pointwise/rhombus");
    // the plan's counts agree with what the kernels counted
    for (Map<String, String> c : cost) {
      if (c.get("method").equals("jaguar")) {
        Map<String, String> m = rows.stream().filter(r -> r.get("name").equals(c.get("name"))
            && r.get("protocol").equals("jaguar") && r.get("threads").equals("1")).findFirst().orElseThrow();
        assertThat(c.get("scalar_poly_products")).isEqualTo(m.get("terms"));
        assertThat(Double.parseDouble(c.get("mults64"))).isEqualTo(Double.parseDouble(m.get("multiply_adds")));
      }
    }
    List<Map<String, String>> breakdown = csv(out.resolve("breakdown.csv"));
    assertThat(breakdown).filteredOn(r -> r.get("scope").equals("shape")).hasSize(2 * 2 * 2);
    assertThat(breakdown).filteredOn(r -> r.get("scope").equals("sum")).hasSize(2 * 2);
    assertThat(breakdown).allSatisfy(r -> assertThat(r.get("mismatches")).isEqualTo("0"));
    assertThat(csv(out.resolve("unit_costs.csv"))).hasSize(2 * 10);
    assertThat(Files.readString(out.resolve("paper.csv"))).contains("table3,dense,split,,,,,4,17.81");
    List<Path> figures = Figures.makeFor(out, dir.resolve("figures"));
    assertThat(figures).extracting(p -> p.getFileName().toString())
        .contains("speedup_per_shape.png", "speedup_groups.png", "breakdown.png", "comparison.md");
    assertThat(Files.readString(out.resolve("comparison.md"))).contains("| odd-dense | dense | packed |");
  }

  @Test
  void rhombusTimesThePointwiseShapesAtItsOwnParametersAndEveryOutputIsChecked(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("rh.yaml");
    String common = """
        kind: conv-microbench
        seed: 5
        repeats: 1
        warmup: 1
        threads: [1]
        protocols: [jaguar, cheetah]
        vectorisation: [avx-on]
        min_repeat_ms: 1
        unit_kernel_s: 0.05
        breakdown: false
        rhombus: true
        heap_mb: 2048
        timeout_s: 600
        """;
    Files.writeString(config, "name: rh-test\n" + common + """
        shapes:
          - {name: pw-client, type: pointwise, H: 4, W: 4, ci: 8, co: 32, k: 1}
          - {name: pw-server, type: pointwise, H: 6, W: 6, ci: 8, co: 4, k: 1, stride: 1}
          - {name: dense, type: dense, H: 6, W: 6, ci: 2, co: 2, k: 3, pad: 1}
        """);
    Path out = new Runner(dir.resolve("results"), System.err).run(Runner.load(config));
    List<Map<String, String>> rh = csv(out.resolve("rhombus.csv"));
    assertThat(rh).extracting(r -> r.get("name")).containsExactly("pw-client", "pw-server"); // not the dense one
    assertThat(rh).extracting(r -> r.get("encryptor")).containsExactly("client", "server");
    for (Map<String, String> r : rh) {
      assertThat(r.get("N")).isEqualTo("8192");
      assertThat(r.get("return_primes")).isEqualTo("1");
      assertThat(r.get("mismatches")).isEqualTo("0");
      assertThat(Double.parseDouble(r.get("min_margin_bits"))).isPositive();
      assertThat(Double.parseDouble(r.get("ms_mean"))).isPositive();
      // the client's input share is A when the server encrypts: its kernels are online work
      double online = Double.parseDouble(r.get("online_ms"));
      double product = Double.parseDouble(r.get("ms_mean"));
      if (r.get("encryptor").equals("server")) {
        assertThat(online).isEqualTo(product + Double.parseDouble(r.get("prepare_ms")));
      } else {
        assertThat(online).isEqualTo(product);
      }
    }
    assertThat(Long.parseLong(rh.get(0).get("outputs_checked"))).isEqualTo(new ConvShape(4, 4, 8, 32, 1, 1, 0, 1).outputSize());
    List<Map<String, String>> speedups = csv(out.resolve("rhombus_speedups.csv"));
    assertThat(speedups).hasSize(2 * 2);
    assertThat(speedups).allSatisfy(r -> assertThat(Double.parseDouble(r.get("speedup_over_rhombus"))).isPositive());
    // no network occurrences for inline shapes: no totals rows
    assertThat(csv(out.resolve("rhombus_pointwise_totals.csv"))).isEmpty();
    Figures.makeFor(out, dir.resolve("figures"));
    assertThat(Files.readString(out.resolve("comparison.md"))).contains("Pointwise layers against Rhombus").contains("| pw-client | avx-on | jaguar |");

    Path none = dir.resolve("none.yaml");
    Files.writeString(none, "name: rh-none\n" + common + """
        shapes:
          - {name: dense, type: dense, H: 6, W: 6, ci: 2, co: 2, k: 3, pad: 1}
        """);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runner.load(none))
        .hasMessageContaining("rhombus").hasMessageContaining("pointwise");
  }

  @Test
  void aKernelThatComputesWrongOutputsIsCaught() throws Exception {
    ConvShape s = new ConvShape(6, 6, 2, 2, 3, 1, 1, 1);
    BenchProtocol p = BenchProtocols.of("jaguar");
    ConvPlan plan = p.plan(s, Layout.AUTO);
    Prg prg = Prg.insecureSeeded(3);
    long[] x = new long[s.inputSize()];
    prg.fillBits(x, 20);
    long[] w = BenchChild.nonzeroWeights(s.weightSize(), 8, prg);
    long[] reference = PlainConv.convolve(s, x, w, p.logT());
    @SuppressWarnings("unchecked")
    BenchSession<Pow2Ciphertext> good = (BenchSession<Pow2Ciphertext>) p.open(plan, x, w, prg);
    BenchSettings settings = new BenchSettings(1, 2, 1, List.of(1, 2), List.of("jaguar"), List.of(), List.of(), 8, 0,
        0, 64, false, false, 0.05, 256, 60);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CaseRunner runner = new CaseRunner(settings);
      CaseRunner.Result ok = runner.run(good, 2, pool, reference, false);
      assertThat(ok.check().mismatches()).isZero();
      assertThat(ok.check().checked()).isEqualTo(s.outputSize());
      BenchSession<Pow2Ciphertext> broken = new BenchSession<>() {
        @Override
        public ConvPlan plan() {
          return good.plan();
        }

        @Override
        public List<Pow2Ciphertext> input() {
          return good.input();
        }

        @Override
        public HomConv<Pow2Ciphertext> kernel(int from, int to) {
          HomConv<Pow2Ciphertext> k = good.kernel(from, to);
          return new HomConv<>() {
            @Override
            public ConvPlan plan() {
              return k.plan();
            }

            @Override
            public int firstChannel() {
              return k.firstChannel();
            }

            @Override
            public int endChannel() {
              return k.endChannel();
            }

            @Override
            public ConvWork work() {
              return k.work();
            }

            @Override
            public List<Pow2Ciphertext> convolve(List<Pow2Ciphertext> in) {
              List<Pow2Ciphertext> out = k.convolve(in);
              out.get(0).c0()[plan.outputOffset()] += 1L << 40; // one output off by 2^(40-22)
              return out;
            }
          };
        }

        @Override
        public long kernelBytesPerChannel() {
          return good.kernelBytesPerChannel();
        }

        @Override
        public void check(List<Pow2Ciphertext> outputs, int from, int to, OutputCheck check) {
          good.check(outputs, from, to, check);
        }
      };
      CaseRunner.Result bad = runner.run(broken, 2, pool, reference, false);
      assertThat(bad.check().mismatches()).isEqualTo(2); // the first output of each range
      assertThat(bad.check().firstMismatch()).contains("expected");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void kernelsOverMemoryBudgetRunInGroupsThatStillCoverEveryOutput() throws Exception {
    ConvShape s = new ConvShape(10, 10, 8, 40, 3, 1, 1, 1);
    BenchProtocol p = BenchProtocols.of("cheetah-ntt");
    ConvPlan plan = p.plan(s, Layout.AUTO);
    Prg prg = Prg.insecureSeeded(4);
    long[] x = new long[s.inputSize()];
    prg.fillBits(x, 20);
    long[] w = BenchChild.nonzeroWeights(s.weightSize(), 8, prg);
    BenchSession<?> session = p.open(plan, x, w, prg);
    // 40 channels x (1 block x 2 limbs x 4096 words) = 2.5 MiB of transformed filters: a 1 MiB
    // budget runs them as 3 groups of 13-14 channels
    assertThat(plan.blocks()).isEqualTo(1);
    BenchSettings settings = new BenchSettings(1, 1, 1, List.of(1), List.of("cheetah-ntt"), List.of(), List.of(), 8,
        0, 0, 1, true, false, 0.05, 256, 60);
    CaseRunner runner = new CaseRunner(settings);
    assertThat(runner.groups(session)).isEqualTo(3);
    long[] reference = PlainConv.convolve(s, x, w, p.logT());
    CaseRunner.Result r = runner.run(session, 1, null, reference, true);
    assertThat(r.groups()).isEqualTo(3);
    assertThat(r.ranges()).isEqualTo(3);
    assertThat(r.check().mismatches()).isZero();
    assertThat(r.check().checked()).isEqualTo(s.outputSize());
    assertThat(r.profileCheck().mismatches()).isZero();
    assertThat(r.profileCheck().checked()).isEqualTo(s.outputSize());
    assertThat(r.phases().forwardNttNanos()).isPositive();
    assertThat(r.work().offlineNtts()).isEqualTo(2L * s.co() * plan.blocks());
    // the input is transformed once, by the first group; the later groups reuse it
    assertThat(r.work().forwardNtts()).isEqualTo((long) plan.ciphertextsIn() * 4);
    assertThat(r.work().inverseNtts()).isEqualTo((long) plan.ciphertextsOut() * 4);
  }

  @Test
  void timingStatisticsAndWeights() {
    Timing t = Timing.of(new double[] {3, 1, 2}, 4);
    assertThat(t.msMean()).isEqualTo(2.0);
    assertThat(t.msMin()).isEqualTo(1.0);
    assertThat(t.msMedian()).isEqualTo(2.0);
    assertThat(t.msStd()).isEqualTo(1.0);
    Timing both = t.then(Timing.of(new double[] {1, 1, 1}, 2));
    assertThat(both.msMean()).isEqualTo(3.0);
    assertThat(both.msMin()).isEqualTo(2.0);
    assertThat(both.batch()).isEqualTo(2);
    long[] w = BenchChild.nonzeroWeights(100_000, 3, Prg.insecureSeeded(1));
    assertThat(w).doesNotContain(0L);
    assertThat(java.util.Arrays.stream(w).min().orElseThrow()).isEqualTo(-4);
    assertThat(java.util.Arrays.stream(w).max().orElseThrow()).isEqualTo(3);
  }

  @Test
  void theShippedPaperNumbersAreTheExperimentsPaperCsv() throws Exception {
    String shipped = new String(PaperConvNumbers.class.getResourceAsStream(PaperConvNumbers.RESOURCE).readAllBytes());
    assertThat(shipped).isEqualTo(Files.readString(Path.of("experiments/conv-microbench/paper.csv")));
    PaperConvNumbers p = PaperConvNumbers.load();
    assertThat(p.group("pointwise", "packed").gm()).isEqualTo(11.82);
    assertThat(p.cases()).hasSize(36);
  }
}
