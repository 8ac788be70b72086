package jaguar.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a measurement in a child JVM with chosen code-generation flags, so "AVX on" and "AVX off"
 * are measured side by side in one experiment. The child gets the parent's class path and module
 * flags; its standard output and error are forwarded to the parent's log.
 */
public final class ChildJvm {
  /** How the JIT may vectorise: the paper's kernel numbers are with AVX off. */
  public enum Vectorisation {
    /** The JVM's default: AVX-512 where the CPU has it, C2 auto-vectorisation on. */
    AVX_ON("avx-on", List.of()),
    /** No AVX at all (SSE2 only) and no auto-vectorisation: the paper's "AVX off". */
    AVX_OFF("avx-off", List.of("-XX:UseAVX=0", "-XX:-UseSuperWord"));

    private final String label;
    private final List<String> flags;

    Vectorisation(String label, List<String> flags) {
      this.label = label;
      this.flags = flags;
    }

    /** The value written in result CSVs ({@code avx-on} / {@code avx-off}). */
    public String label() {
      return label;
    }

    public List<String> flags() {
      return flags;
    }

    public static Vectorisation byLabel(String label) {
      for (Vectorisation v : values()) {
        if (v.label.equals(label)) {
          return v;
        }
      }
      throw new IllegalArgumentException("unknown vectorisation " + label + "; valid: avx-on, avx-off");
    }
  }

  private ChildJvm() {}

  /** Writes a child's job (its settings as YAML) to {@code file}. */
  public static void writeJob(Path file, java.util.Map<String, Object> job) throws IOException {
    org.yaml.snakeyaml.DumperOptions o = new org.yaml.snakeyaml.DumperOptions();
    o.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      new org.yaml.snakeyaml.Yaml(o).dump(job, w);
    }
  }

  /** Reads a job {@link #writeJob} wrote. */
  public static java.util.Map<String, Object> readJob(Path file) throws IOException {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      return new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions())).load(in);
    }
  }

  /**
   * Runs {@code mainClass.main(args)} in a child JVM with {@code flags} added; returns when it
   * ends. Fails with the child's exit code if it is not 0, or if it runs past {@code timeout}.
   */
  public static void run(
      Class<?> mainClass, List<String> flags, List<String> args, long timeoutSeconds, PrintStream log)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-XX:+UseParallelGC");
    String home = System.getProperty("jaguar.home");
    if (home != null) {
      cmd.add("-Djaguar.home=" + home);
    }
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread pump =
        new Thread(
            () -> {
              try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (!line.startsWith("WARNING: Using incubator modules")) {
                    log.println("  | " + line);
                  }
                }
              } catch (IOException e) {
                log.println("  | (child output lost: " + e.getMessage() + ")");
              }
            },
            "child-jvm-output");
    pump.setDaemon(true);
    pump.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(
          "child JVM " + mainClass.getSimpleName() + " " + flags + " ran past " + timeoutSeconds + " s");
    }
    pump.join(5000);
    if (p.exitValue() != 0) {
      throw new IOException(
          "child JVM " + mainClass.getSimpleName() + " " + flags + " exited with " + p.exitValue());
    }
  }
}
