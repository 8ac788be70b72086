package jaguar.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --shard I/N} and {@code merge}: the split, the merge, and the refusals. */
class ShardRunTest {
  /** A shardable kind for tests: one row per group ({@code g0..g<groups-1>}), and a derived total. */
  static final class GroupsKind implements ExperimentKind {
    @Override
    public String name() {
      return "test-groups";
    }

    @Override
    public String description() {
      return "test kind with groups";
    }

    @Override
    public boolean shards() {
      return true;
    }

    @Override
    public Experiment parse(ConfigNode config) {
      int groups = config.integer32("groups", 5, 1, 100);
      List<String> all = new ArrayList<>();
      for (int i = 0; i < groups; i++) {
        all.add("g" + i);
      }
      return new GroupsExperiment(all, Set.copyOf(all));
    }
  }

  record GroupsExperiment(List<String> all, Set<String> owned) implements Shardable {
    @Override
    public List<String> groups() {
      return all;
    }

    @Override
    public Experiment only(Set<String> groups) {
      return new GroupsExperiment(all, groups);
    }

    @Override
    public void run(RunContext ctx) throws Exception {
      List<String> rows = new ArrayList<>();
      for (String g : all) {
        if (owned.contains(g)) {
          rows.add(g + "," + (ctx.seed() * 1000 + all.indexOf(g) * 7));
        }
      }
      write(ctx, rows);
    }

    @Override
    public void merge(List<Path> shards, RunContext ctx) throws Exception {
      List<String> rows = new ArrayList<>(ShardFiles.records(shards, "rows.csv", "group,value"));
      rows.sort(Comparator.comparingInt(r -> all.indexOf(r.split(",")[0])));
      write(ctx, rows);
    }

    private static void write(RunContext ctx, List<String> rows) throws Exception {
      List<String> lines = new ArrayList<>(List.of("group,value"));
      lines.addAll(rows);
      Files.write(ctx.file("rows.csv"), lines);
      long total = rows.stream().mapToLong(r -> Long.parseLong(r.split(",")[1])).sum();
      Files.write(ctx.file("total.csv"), List.of("groups,total", rows.size() + "," + total));
    }
  }

  @BeforeAll
  static void register() {
    ExperimentKinds.register(new GroupsKind());
    ExperimentKinds.register(new RunnerTest.CountKind());
  }

  private static Path config(Path dir, String file, String text) throws Exception {
    Path p = dir.resolve(file);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void parsesAndSplitsEveryGroupIntoExactlyOneShard() {
    assertThat(Shard.parse("2/3")).isEqualTo(new Shard(2, 3));
    assertThat(Shard.parse(" 1 / 1 ").whole()).isTrue();
    for (String bad : List.of("0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3")) {
      assertThatThrownBy(() -> Shard.parse(bad)).hasMessageStartingWith("option --shard:").hasMessageContaining("valid:");
    }
    List<String> groups = List.of("a", "b", "c", "d", "e", "f", "g");
    for (int n = 1; n <= 8; n++) {
      List<String> seen = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        List<String> part = new Shard(i, n).of(groups);
        assertThat(part.size()).isBetween(groups.size() / n, (groups.size() + n - 1) / n);
        seen.addAll(part);
      }
      assertThat(seen).containsExactlyInAnyOrderElementsOf(groups);
      assertThat(new HashSet<>(seen)).hasSize(groups.size());
    }
  }

  @Test
  void threeShardsMergeIntoWhatOneRunWrites(@TempDir Path dir) throws Exception {
    Path c = config(dir, "g.yaml", "name: groups\nkind: test-groups\nseed: 4\ngroups: 7\n");
    Runner whole = new Runner(dir.resolve("whole"), System.err);
    Path one = whole.run(Runner.load(c));
    Runner sharded = new Runner(dir.resolve("results"), System.err);
    for (int i = 1; i <= 3; i++) {
      Path s = sharded.run(Runner.load(c), new Shard(i, 3));
      assertThat(s).isEqualTo(dir.resolve("results/groups/shards/" + i + "-of-3"));
      assertThat(Files.readString(s.resolve("manifest.yaml"))).contains("shard: " + i + "/3", "host:", "config_sha256:");
    }
    assertThat(Files.readAllLines(dir.resolve("results/groups/shards/2-of-3/rows.csv"))).containsExactly("group,value", "g1,4007", "g4,4028");
    Path merged = sharded.merge(dir.resolve("results/groups"));
    for (String f : List.of("rows.csv", "total.csv")) {
      assertThat(Files.readAllLines(merged.resolve(f))).as(f).isEqualTo(Files.readAllLines(one.resolve(f)));
    }
    String manifest = Files.readString(merged.resolve("manifest.yaml"));
    assertThat(manifest).contains("merged_from_shards: 3", "shard: 3/3", "cpu_vector_flags:");
    assertThat(merged.resolve("shards/1-of-3/rows.csv")).exists();
    // a later whole run keeps the shards; a second merge gives the same files
    whole.run(Runner.load(c));
    assertThat(sharded.merge(merged).resolve("rows.csv")).hasSameTextualContentAs(one.resolve("rows.csv"));
  }

  @Test
  void mergeRefusesMissingShardsOtherCommitsAndChangedConfigs(@TempDir Path dir) throws Exception {
    Path c = config(dir, "g.yaml", "name: groups\nkind: test-groups\ngroups: 5\n");
    Runner r = new Runner(dir.resolve("results"), System.err);
    Path result = dir.resolve("results/groups");
    assertThatThrownBy(() -> r.merge(result)).hasMessageContaining("does not exist");
    r.run(Runner.load(c), new Shard(1, 3));
    r.run(Runner.load(c), new Shard(3, 3));
    assertThatThrownBy(() -> r.merge(result)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("shard 2-of-3 is missing");
    Path two = r.run(Runner.load(c), new Shard(2, 3));
    Path m = two.resolve("manifest.yaml");
    String text = Files.readString(m);
    Files.writeString(m, text.replaceFirst("git_commit: .*", "git_commit: 0123456789abcdef"));
    assertThatThrownBy(() -> r.merge(result)).hasMessageContaining("shard 2-of-3: field git_commit: value 0123456789abcdef differs");
    Files.writeString(m, text);
    r.run(Runner.load(c), new Shard(1, 2));
    assertThatThrownBy(() -> r.merge(result)).hasMessageContaining("a split into 3 beside one into 2");
    Runner.deleteTree(result.resolve("shards/1-of-2"));
    Files.writeString(c, "name: groups\nkind: test-groups\ngroups: 6\n");
    assertThatThrownBy(() -> r.merge(result)).hasMessageContaining("has changed since the shards ran");
    Files.writeString(c, "name: groups\nkind: test-groups\ngroups: 5\n");
    assertThat(r.merge(result).resolve("total.csv")).exists();
    assertThat(result.resolve("rows.csv")).exists();
  }

  @Test
  void kindsThatRunAsOnePieceAndTooManyShardsAreRefused(@TempDir Path dir) throws Exception {
    Runner r = new Runner(dir.resolve("results"), System.err);
    Path count = config(dir, "c.yaml", "name: count\nkind: test-count\n");
    assertThatThrownBy(() -> r.run(Runner.load(count), new Shard(1, 2))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("kind test-count, which runs as one piece").hasMessageContaining("end-to-end");
    Path g = config(dir, "g.yaml", "name: groups\nkind: test-groups\ngroups: 2\n");
    assertThatThrownBy(() -> r.run(Runner.load(g), new Shard(1, 3))).hasMessageContaining("has 2 group(s) of cases; valid: N <= 2");
    assertThat(dir.resolve("results/groups")).doesNotExist();
  }
}
