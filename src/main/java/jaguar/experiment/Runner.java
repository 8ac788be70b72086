package jaguar.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
    return run(config, Shard.WHOLE);
  }

  /**
   * Runs one experiment, or one shard of it into {@code results/<name>/shards/I-of-N/} (the
   * experiment must be {@link Shardable}); returns the result directory.
   */
  public Path run(LoadedConfig config, Shard shard) throws Exception {
    Files.createDirectories(resultsRoot);
    Path target = resultsRoot.resolve(config.name());
    Experiment experiment = config.experiment();
    Map<String, Object> extra = new LinkedHashMap<>();
    if (!shard.whole()) {
      Shardable s = shardable(config);
      List<String> groups = s.groups();
      if (shard.count() > groups.size()) {
        throw new ConfigException("option --shard: value " + shard + " is not valid for " + config.file() + ": it has "
            + groups.size() + " group(s) of cases; valid: N <= " + groups.size());
      }
      List<String> mine = shard.of(groups);
      experiment = s.only(new LinkedHashSet<>(mine));
      target = target.resolve(SHARDS).resolve(shard.dirName());
      Files.createDirectories(target.getParent());
      extra.put("shard", shard.toString());
      extra.put("shard_groups", mine);
      log.println("[" + config.name() + "] shard " + shard + ": " + mine.size() + " of " + groups.size() + " groups " + mine);
    }
    Path staging = Files.createTempDirectory(resultsRoot, ".tmp-" + config.name() + "-");
    RunContext ctx = new RunContext(config.name(), staging, config.seed(), log);
    Instant start = Instant.now();
    Map<String, Object> machine = RunManifest.describeMachine();
    log.println("[" + config.name() + "] running " + config.kind().name() + " from " + config.file());
    boolean ok = false;
    try {
      experiment.run(ctx);
      RunManifest.write(staging.resolve(RunManifest.FILE), config, machine, start, Instant.now(), ctx.filesWritten(), extra);
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

  /** Where the shards of a sharded run live inside its result directory. */
  public static final String SHARDS = "shards";

  private static Shardable shardable(LoadedConfig config) {
    if (config.experiment() instanceof Shardable s) {
      return s;
    }
    List<String> kinds = new ArrayList<>();
    for (ExperimentKind k : ExperimentKinds.all().values()) {
      if (k.shards()) {
        kinds.add(k.name());
      }
    }
    throw new ConfigException("option --shard: " + config.file() + " is of kind " + config.kind().name()
        + ", which runs as one piece; valid: a config of kind " + String.join(", ", kinds));
  }

  /**
   * Merges {@code results/<name>/shards/*} (every shard of one commit and one config) into {@code
   * results/<name>/}: the experiment's usual CSV files and tables, a manifest naming every shard's
   * host, CPU and times; the shards stay under {@code shards/}. Returns the result directory.
   */
  public Path merge(Path resultDir) throws Exception {
    List<ShardManifest> shards = ShardManifest.readAll(resultDir.resolve(SHARDS));
    ShardManifest first = shards.get(0);
    LoadedConfig config = load(Path.of(first.configFile()));
    String hash = RunManifest.configHash(config);
    if (!hash.equals(first.configHash())) {
      throw new ConfigException("merge: " + config.file() + " has changed since the shards ran (field config_sha256: shards "
          + first.configHash() + ", the file now " + hash + "); valid: the config the shards ran");
    }
    if (!config.name().equals(resultDir.getFileName().toString())) {
      throw new ConfigException("merge: " + resultDir + " holds shards of " + config.name() + "; valid: results/" + config.name());
    }
    Shardable s = shardable(config);
    List<String> groups = s.groups();
    for (ShardManifest m : shards) {
      List<String> expected = m.shard().of(groups);
      if (!expected.equals(m.groups())) {
        throw new ConfigException("merge: shard " + m.shard().dirName() + ": field shard_groups: value " + m.groups()
            + " is not what the config gives it; valid: " + expected);
      }
    }
    java.util.Set<String> machines = new java.util.LinkedHashSet<>();
    for (ShardManifest m : shards) {
      machines.add(m.machine().get("cpu_model") + " [" + m.machine().get("cpu_vector_flags") + "]");
    }
    if (machines.size() > 1) {
      log.println("[" + config.name() + "] merge: the shards ran on " + machines.size() + " kinds of CPU " + machines
          + ": ratios within a shard's groups are measured on one machine, totals over groups mix them");
    }
    Path staging = Files.createTempDirectory(resultsRoot, ".tmp-" + config.name() + "-");
    RunContext ctx = new RunContext(config.name(), staging, config.seed(), log);
    Instant start = Instant.now();
    boolean ok = false;
    try {
      s.merge(shards.stream().map(ShardManifest::dir).toList(), ctx);
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("merged_from_shards", shards.size());
      extra.put("shard_cpus", List.copyOf(machines));
      extra.put("merged_by_commit", RunManifest.gitCommit());
      extra.put("shards", shards.stream().map(ShardManifest::summary).toList());
      RunManifest.write(staging.resolve(RunManifest.FILE), config, first.machine(), first.started(), Instant.now(),
          ctx.filesWritten(), extra);
      replace(staging, resultDir);
      ok = true;
    } finally {
      if (!ok) {
        deleteTree(staging);
      }
    }
    log.println("[" + config.name() + "] merged " + shards.size() + " shards (" + Duration.between(start, Instant.now()).toMillis()
        + " ms) into " + resultDir);
    return resultDir;
  }

  /**
   * Puts {@code staging} in the place of {@code target}, atomically where the file system allows;
   * the shards a user ran under {@code target/shards/} move over to the new directory (a whole run
   * or a merge never deletes them).
   */
  private static void replace(Path staging, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(target.getParent(), ".old-" + target.getFileName() + "-");
      Files.delete(old);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      if (Files.isDirectory(old.resolve(SHARDS)) && !Files.exists(target.resolve(SHARDS))) {
        Files.move(old.resolve(SHARDS), target.resolve(SHARDS), StandardCopyOption.ATOMIC_MOVE);
      }
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
