package jaguar.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The manifest of one shard of a sharded run, as {@code jaguar merge} reads it: which shard, which
 * groups, the commit and config it ran, and the machine it ran on.
 */
record ShardManifest(Path dir, Shard shard, String name, String kind, String configFile, String configHash, String commit,
    List<String> groups, Map<String, Object> machine, Instant started, Map<String, Object> raw) {
  private static final Pattern DIR = Pattern.compile("(\\d{1,5})-of-(\\d{1,5})");
  /** The fields every shard must agree on, beside the shard count. */
  private static final List<String> SAME = List.of("name", "kind", "config_file", "config_sha256", "git_commit");
  private static final List<String> MACHINE =
      List.of("git_commit", "jvm", "jvm_flags", "cpu_model", "cpu_vector_flags", "cores", "host", "os");

  /**
   * Every shard under {@code shardsDir}, sorted by index, after checking that they are complete
   * (1..N of one N) and agree on name, kind, config and commit; else one line naming the shard and
   * the field.
   */
  static List<ShardManifest> readAll(Path shardsDir) throws IOException {
    if (!Files.isDirectory(shardsDir)) {
      throw new ConfigException("merge: " + shardsDir + " does not exist; valid: a results/<name>/ directory where "
          + "'jaguar run CONFIG --shard I/N' wrote its shards");
    }
    TreeMap<Integer, ShardManifest> byIndex = new TreeMap<>();
    int count = -1;
    List<Path> dirs;
    try (Stream<Path> s = Files.list(shardsDir)) {
      dirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    for (Path d : dirs) {
      Matcher m = DIR.matcher(d.getFileName().toString());
      if (!m.matches()) {
        throw new ConfigException("merge: " + d + " is not a shard directory; valid: I-of-N, as 'jaguar run --shard I/N' names it");
      }
      Shard shard = new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      if (count >= 0 && shard.count() != count) {
        throw new ConfigException("merge: shard " + shard.dirName() + ": field shard: a split into " + shard.count()
            + " beside one into " + count + "; valid: the shards of one split (remove the other)");
      }
      count = shard.count();
      byIndex.put(shard.index(), read(d, shard));
    }
    if (count < 0) {
      throw new ConfigException("merge: " + shardsDir + " holds no shard; valid: the output of 'jaguar run CONFIG --shard I/N'");
    }
    for (int i = 1; i <= count; i++) {
      if (!byIndex.containsKey(i)) {
        throw new ConfigException("merge: shard " + new Shard(i, count).dirName() + " is missing from " + shardsDir
            + "; valid: every shard 1.." + count + " of the split, each run to completion");
      }
    }
    ShardManifest first = byIndex.firstEntry().getValue();
    for (ShardManifest m : byIndex.values()) {
      for (String f : SAME) {
        Object a = first.raw().get(f);
        Object b = m.raw().get(f);
        if (a == null ? b != null : !a.equals(b)) {
          throw new ConfigException("merge: shard " + m.shard().dirName() + ": field " + f + ": value " + b + " differs from shard "
              + first.shard().dirName() + "'s " + a + "; valid: every shard from one commit and one config");
        }
      }
    }
    return new ArrayList<>(byIndex.values());
  }

  @SuppressWarnings("unchecked")
  private static ShardManifest read(Path dir, Shard shard) throws IOException {
    Path file = dir.resolve(RunManifest.FILE);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("merge: shard " + shard.dirName() + " has no " + RunManifest.FILE
          + " (it did not finish); valid: a shard run to completion");
    }
    Map<String, Object> m;
    try (InputStream in = Files.newInputStream(file)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (!(doc instanceof Map)) {
        throw new ConfigException("merge: " + file + " is not a manifest (not a mapping)");
      }
      m = (Map<String, Object>) doc;
    } catch (YAMLException e) {
      throw new ConfigException("merge: " + file + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
    Object recorded = m.get("shard");
    if (!shard.toString().equals(recorded)) {
      throw new ConfigException("merge: shard " + shard.dirName() + ": field shard: value " + recorded + " in its manifest; valid: "
          + shard);
    }
    Map<String, Object> machine = new LinkedHashMap<>();
    for (String f : MACHINE) {
      machine.put(f, m.get(f));
    }
    Object groups = m.get("shard_groups");
    List<String> g = new ArrayList<>();
    if (groups instanceof List<?> l) {
      for (Object o : l) {
        g.add(String.valueOf(o));
      }
    }
    return new ShardManifest(dir, shard, str(m, "name"), str(m, "kind"), str(m, "config_file"), str(m, "config_sha256"),
        str(m, "git_commit"), g, machine, Instant.parse(str(m, "started")), m);
  }

  private static String str(Map<String, Object> m, String field) {
    Object v = m.get(field);
    if (v == null) {
      throw new ConfigException("merge: a shard manifest has no field " + field + "; valid: a manifest written by 'jaguar run --shard'");
    }
    return String.valueOf(v);
  }

  /** What the merged manifest says of this shard. */
  Map<String, Object> summary() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("shard", shard.toString());
    s.put("host", raw.get("host"));
    s.put("cpu_model", raw.get("cpu_model"));
    s.put("cpu_vector_flags", raw.get("cpu_vector_flags"));
    s.put("cores", raw.get("cores"));
    s.put("started", raw.get("started"));
    s.put("finished", raw.get("finished"));
    s.put("duration_s", raw.get("duration_s"));
    s.put("groups", groups);
    return s;
  }
}
