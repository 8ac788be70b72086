package jaguar.experiment;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What is needed to reproduce a run and to judge its numbers: git commit, JVM and its flags, CPU
 * model and cores, seed, the resolved config (defaults filled in), start and end time. Written as
 * {@code manifest.yaml} beside the run's CSV files.
 */
public final class RunManifest {
  public static final String FILE = "manifest.yaml";

  private RunManifest() {}

  public static Map<String, Object> describeMachine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("git_commit", gitCommit());
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("jvm_flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    m.put("cpu_model", cpuModel());
    m.put("cpu_vector_flags", cpuVectorFlags());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("host", host());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return m;
  }

  /**
   * Writes a run's manifest; {@code machine} is {@link #describeMachine()} as taken when the run
   * started (so the commit named is the code that ran, not whatever HEAD is when a long run ends).
   */
  static void write(
      Path file,
      LoadedConfig config,
      Map<String, Object> machine,
      Instant start,
      Instant end,
      List<String> files,
      Map<String, Object> extra)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", config.name());
    m.put("kind", config.kind().name());
    m.put("config_file", config.file().toString());
    m.put("config_sha256", configHash(config));
    m.put("seed", config.seed());
    m.putAll(extra);
    m.putAll(machine);
    m.put("started", start.toString());
    m.put("finished", end.toString());
    m.put("duration_s", Duration.between(start, end).toMillis() / 1000.0);
    m.put("files", files);
    m.put("config", config.resolved());
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setWidth(120);
    Files.writeString(file, new Yaml(o).dump(m), StandardCharsets.UTF_8);
  }

  /** A hash of the resolved config (defaults filled in): two runs of one config share it. */
  static String configHash(LoadedConfig config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", config.name());
    m.put("kind", config.kind().name());
    m.put("seed", config.seed());
    m.put("config", config.resolved());
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest(new Yaml().dump(m).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The host name, for the manifests of shards run on several machines. */
  static String host() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The commit of the code that runs: the one the jar was built from (bin/build-commit writes it
   * into jaguar-build.properties at build time), else the checkout's HEAD (a build without it).
   */
  static String gitCommit() {
    try (java.io.InputStream in = RunManifest.class.getResourceAsStream("/" + BUILD_PROPERTIES)) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        String c = p.getProperty("git_commit", "").trim();
        if (!c.isEmpty() && !c.equals("unknown")) {
          return c;
        }
      }
    } catch (IOException e) {
      // fall back to the checkout
    }
    return checkoutCommit();
  }

  static final String BUILD_PROPERTIES = "jaguar-build.properties";

  private static String checkoutCommit() {
    try {
      Process p =
          new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "unknown";
      }
      // only the code and the configs make a run what it is: results/, figures/ and docs do not
      Process d =
          new ProcessBuilder("git", "diff", "HEAD", "--", "src", "configs", "pom.xml", "Makefile", "bin", "models")
              .redirectErrorStream(true)
              .start();
      byte[] diff = d.getInputStream().readAllBytes();
      d.waitFor(10, TimeUnit.SECONDS);
      if (diff.length == 0) {
        return out;
      }
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(diff);
      return out + "+uncommitted-code-" + java.util.HexFormat.of().formatHex(h, 0, 6);
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The CPU's vector extensions (avx, avx2, avx512f, avx512ifma, ...): they decide what the JIT can use. */
  static String cpuVectorFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          java.util.TreeSet<String> f = new java.util.TreeSet<>();
          for (String x : line.substring(line.indexOf(':') + 1).trim().split(" ")) {
            if (x.startsWith("avx") || x.equals("fma") || x.equals("aes") || x.equals("pclmulqdq") || x.equals("vaes")) {
              f.add(x);
            }
          }
          return String.join(" ", f);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return "unknown";
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }
}
