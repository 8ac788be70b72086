package jaguar.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loads configs and runs experiments. A run writes into a staging directory under {@code
 * results/} and replaces {@code results/<name>/} only when it succeeds, so a failed or interrupted
 * run never destroys earlier results, and each experiment owns exactly one directory.
 */
public final class Runner {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");

  private final Path resultsRoot;
  private final PrintStream log;

  public Runner(Path resultsRoot, PrintStream log) {
    this.resultsRoot = resultsRoot;
    this.log = log;
  }

  /** Reads and validates one config file; nothing runs. */
  public static LoadedConfig load(Path file) {
    String shown = file.toString();
    Object yaml;
    try (InputStream in = Files.newInputStream(file)) {
      LoaderOptions o = new LoaderOptions();
      o.setAllowDuplicateKeys(false);
      yaml = new Yaml(new SafeConstructor(o)).load(in);
    } catch (IOException e) {
      throw new ConfigException(shown + ": cannot read: " + e.getMessage());
    } catch (YAMLException e) {
      throw new ConfigException(shown + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
    ConfigNode root = ConfigNode.root(shown, yaml);
    String name = root.string("name");
    if (!NAME.matcher(name).matches()) {
      throw root.error("name", name, "lower-case letters, digits, '.', '_' and '-' (it names the results directory)");
    }
    String kindName = root.choice("kind", null, ExperimentKinds.all().keySet());
    ExperimentKind kind = ExperimentKinds.all().get(kindName);
    long seed = root.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    String description = root.string("description", "");
    Experiment experiment = kind.parse(root);
    root.finish();
    return new LoadedConfig(file, name, kind, seed, description, experiment, root.raw());
  }

  /** Loads every config of a directory; fails if two share a name. Sorted by file name. */
  public static List<LoadedConfig> loadAll(Path dir, boolean quick) {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(p -> p.getFileName().toString().endsWith(".yaml"))
              .filter(p -> isQuick(p) == quick)
              .sorted(Comparator.comparing(Path::toString))
              .toList();
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot list configs: " + e.getMessage());
    }
    List<LoadedConfig> out = new ArrayList<>();
    Map<String, Path> names = new HashMap<>();
    for (Path f : files) {
      LoadedConfig c = load(f);
      Path other = names.putIfAbsent(c.name(), f);
      if (other != null) {
        throw new ConfigException(
            f + ": field 'name': value '" + c.name() + "' is already used by " + other
                + "; valid: a name no other config uses (each owns results/<name>/)");
      }
      out.add(c);
    }
    return out;
  }

  /** Quick variants are the configs whose file name ends in {@code -quick.yaml}. */
  public static boolean isQuick(Path config) {
    return config.getFileName().toString().endsWith("-quick.yaml");
  }

  /** Runs one experiment; returns its result directory. */
  public Path run(LoadedConfig config) throws Exception {
    Files.createDirectories(resultsRoot);
    Path target = resultsRoot.resolve(config.name());
    Path staging = Files.createTempDirectory(resultsRoot, ".tmp-" + config.name() + "-");
    RunContext ctx = new RunContext(config.name(), staging, config.seed(), log);
    Instant start = Instant.now();
    java.util.Map<String, Object> machine = RunManifest.describeMachine();
    log.println("[" + config.name() + "] running " + config.kind().name() + " from " + config.file());
    boolean ok = false;
    try {
      config.experiment().run(ctx);
      RunManifest.write(
          staging.resolve(RunManifest.FILE), config, machine, start, Instant.now(), ctx.filesWritten());
      replace(staging, target);
      ok = true;
    } finally {
      if (!ok) {
        deleteTree(staging);
      }
    }
    log.println("[" + config.name() + "] wrote " + target);
    return target;
  }

  private static void replace(Path staging, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(target.getParent(), ".old-" + target.getFileName() + "-");
      Files.delete(old);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteTree(old);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
