package jaguar.experiment.convbench;

import jaguar.conv.ConvShape;
import jaguar.conv.Layout;
import jaguar.experiment.ChildJvm.Vectorisation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated conv-microbench config (see {@link ConvMicrobenchKind} for the fields), and the job
 * a child JVM runs: {@link #toJob}/{@link #fromJob} carry everything but the parent-only fields
 * (vectorisations, heap, timeout, the shapes' network occurrences) through a YAML mapping.
 */
record BenchSettings(
    long seed,
    int repeats,
    int warmup,
    List<Integer> threads,
    List<String> protocols,
    List<Vectorisation> vectorisations,
    List<BenchShape> shapes,
    int weightBits,
    double minRepeatMs,
    double caseBudgetSeconds,
    long kernelMemoryMb,
    boolean breakdown,
    boolean rhombus,
    double unitKernelSeconds,
    int heapMb,
    long timeoutSeconds) {
  BenchSettings {
    threads = List.copyOf(threads);
    protocols = List.copyOf(protocols);
    vectorisations = List.copyOf(vectorisations);
    shapes = List.copyOf(shapes);
  }

  BenchSettings withSeed(long s) {
    return new BenchSettings(s, repeats, warmup, threads, protocols, vectorisations, shapes, weightBits,
        minRepeatMs, caseBudgetSeconds, kernelMemoryMb, breakdown, rhombus, unitKernelSeconds, heapMb, timeoutSeconds);
  }

  /** The same settings on the shapes named in {@code names} only (a shard's part). */
  BenchSettings onShapes(java.util.Set<String> names) {
    return new BenchSettings(seed, repeats, warmup, threads, protocols, vectorisations,
        shapes.stream().filter(b -> names.contains(b.name())).toList(), weightBits, minRepeatMs, caseBudgetSeconds, kernelMemoryMb,
        breakdown, rhombus, unitKernelSeconds, heapMb, timeoutSeconds);
  }

  /** Calls per timed repeat for a call of about estimateMs: enough to last {@code min_repeat_ms}. */
  int batch(double estimateMs) {
    return (int) Math.min(1_000_000, Math.max(1, Math.ceil(minRepeatMs / estimateMs)));
  }

  /**
   * Timed repeats for a case run in {@code groups} memory groups of batches of calls of about
   * estimateMs: {@code repeats}, or fewer (at least 3) where {@code case_budget_s} would be exceeded.
   */
  int repeats(double estimateMs, int batch, int groups) {
    if (caseBudgetSeconds <= 0) {
      return repeats;
    }
    long fit = (long) Math.floor(caseBudgetSeconds * 1e3 / groups / (estimateMs * batch));
    return (int) Math.max(Math.min(3, repeats), Math.min(repeats, fit));
  }

  /** The threads count the phase profile (single-threaded, Figure 1b) runs with: 1 if listed. */
  int profileThreads() {
    return threads.contains(1) ? 1 : threads.get(0);
  }

  Map<String, Object> toJob() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", seed);
    m.put("repeats", repeats);
    m.put("warmup", warmup);
    m.put("threads", threads);
    m.put("protocols", protocols);
    m.put("weight_bits", weightBits);
    m.put("min_repeat_ms", minRepeatMs);
    m.put("case_budget_s", caseBudgetSeconds);
    m.put("kernel_memory_mb", kernelMemoryMb);
    m.put("breakdown", breakdown);
    m.put("rhombus", rhombus);
    m.put("unit_kernel_s", unitKernelSeconds);
    List<Map<String, Object>> list = new ArrayList<>();
    for (BenchShape b : shapes) {
      ConvShape s = b.shape();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", b.name());
      e.put("H", s.h());
      e.put("W", s.w());
      e.put("ci", s.ci());
      e.put("co", s.co());
      e.put("k", s.k());
      e.put("stride", s.stride());
      e.put("pad", s.pad());
      e.put("groups", s.groups());
      e.put("layout", b.layout().label());
      list.add(e);
    }
    m.put("shapes", list);
    return m;
  }

  /** Reads a job written by {@link #toJob} (trusted input: the parent validated it). */
  @SuppressWarnings("unchecked")
  static BenchSettings fromJob(Map<String, Object> m) {
    List<BenchShape> shapes = new ArrayList<>();
    for (Map<String, Object> e : (List<Map<String, Object>>) m.get("shapes")) {
      ConvShape s = new ConvShape(
          num(e, "H"), num(e, "W"), num(e, "ci"), num(e, "co"), num(e, "k"), num(e, "stride"),
          num(e, "pad"), num(e, "groups"));
      Layout layout = Layout.parse((String) e.get("layout"));
      shapes.add(new BenchShape((String) e.get("name"), s, layout, layout, Map.of()));
    }
    List<Integer> threads = new ArrayList<>();
    for (Object t : (List<Object>) m.get("threads")) {
      threads.add(((Number) t).intValue());
    }
    return new BenchSettings(
        ((Number) m.get("seed")).longValue(), num(m, "repeats"), num(m, "warmup"), threads,
        (List<String>) m.get("protocols"), List.of(), shapes, num(m, "weight_bits"),
        ((Number) m.get("min_repeat_ms")).doubleValue(), ((Number) m.get("case_budget_s")).doubleValue(),
        ((Number) m.get("kernel_memory_mb")).longValue(), (Boolean) m.get("breakdown"), (Boolean) m.get("rhombus"),
        ((Number) m.get("unit_kernel_s")).doubleValue(), 0, 0);
  }

  private static int num(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).intValue();
  }
}
