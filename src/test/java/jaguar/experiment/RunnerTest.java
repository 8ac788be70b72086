package jaguar.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerTest {
  /** A kind for tests: writes one CSV with {@code rows} rows, or fails if {@code fail} is true. */
  static final class CountKind implements ExperimentKind {
    @Override
    public String name() {
      return "test-count";
    }

    @Override
    public String description() {
      return "test kind";
    }

    @Override
    public Experiment parse(ConfigNode config) {
      int rows = config.integer32("rows", 3, 1, 100);
      boolean fail = config.bool("fail", false);
      List<String> modes = config.strings("modes", List.of("a"), List.of("a", "b"));
      return ctx -> {
        ResultTable t = ResultTable.withColumns("count", "i", "mode", "x");
        for (int i = 0; i < rows; i++) {
          t.row(i, modes.get(i % modes.size()), i * 0.5);
        }
        ctx.write("count.csv", t);
        if (fail) {
          throw new IllegalStateException("asked to fail");
        }
      };
    }
  }

  @BeforeAll
  static void register() {
    ExperimentKinds.register(new CountKind());
  }

  private static Path config(Path dir, String file, String text) throws Exception {
    Path p = dir.resolve(file);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void runsAndWritesCsvAndManifest(@TempDir Path dir) throws Exception {
    Path c = config(dir, "c.yaml", "name: count-one\nkind: test-count\nseed: 9\nrows: 4\n");
    Path out = new Runner(dir.resolve("results"), System.err).run(Runner.load(c));
    assertThat(out).isEqualTo(dir.resolve("results/count-one"));
    assertThat(Files.readAllLines(out.resolve("count.csv"))).hasSize(5).first().isEqualTo("i,mode,x");
    String manifest = Files.readString(out.resolve("manifest.yaml"));
    assertThat(manifest).contains("kind: test-count", "seed: 9", "cpu_model:", "cpu_vector_flags:", "git_commit:", "rows: 4", "fail: false");
  }

  @Test
  void theManifestNamesTheCommitTheBuildWasMadeFrom() throws Exception {
    java.util.Properties built = new java.util.Properties();
    try (var in = RunManifest.class.getResourceAsStream("/" + RunManifest.BUILD_PROPERTIES)) {
      assertThat(in).as("the build writes " + RunManifest.BUILD_PROPERTIES + " (bin/build-commit)").isNotNull();
      built.load(in);
    }
    assertThat(built.getProperty("git_commit")).matches("[0-9a-f]{40}(\\+uncommitted-code-[0-9a-f]{12})?");
    assertThat(RunManifest.describeMachine().get("git_commit")).isEqualTo(built.getProperty("git_commit"));
  }

  @Test
  void unknownFieldIsAnErrorNamingFileAndField(@TempDir Path dir) throws Exception {
    Path c = config(dir, "bad.yaml", "name: x\nkind: test-count\nrowz: 4\n");
    assertThatThrownBy(() -> Runner.load(c))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("unknown field 'rowz'")
        .hasMessageContaining("rows");
  }

  @Test
  void badValuesNameFieldValueAndValidRange(@TempDir Path dir) throws Exception {
    Path c = config(dir, "bad.yaml", "name: x\nkind: test-count\nrows: 400\n");
    assertThatThrownBy(() -> Runner.load(c))
        .hasMessageContaining("field 'rows': value 400 is not valid; valid: an integer in [1, 100]");
    Path m = config(dir, "bad2.yaml", "name: x\nkind: test-count\nmodes: [a, c]\n");
    assertThatThrownBy(() -> Runner.load(m)).hasMessageContaining("'modes[1]': value 'c'").hasMessageContaining("one of a, b");
    Path k = config(dir, "bad3.yaml", "name: x\nkind: nope\n");
    assertThatThrownBy(() -> Runner.load(k)).hasMessageContaining("field 'kind': value 'nope'");
    Path y = config(dir, "bad4.yaml", "name: x\nkind: [\n");
    assertThatThrownBy(() -> Runner.load(y)).hasMessageContaining("bad4.yaml: not valid YAML");
  }

  @Test
  void failedRunLeavesEarlierResultsIntact(@TempDir Path dir) throws Exception {
    Path results = dir.resolve("results");
    Runner runner = new Runner(results, System.err);
    runner.run(Runner.load(config(dir, "ok.yaml", "name: keep\nkind: test-count\nrows: 2\n")));
    String before = Files.readString(results.resolve("keep/count.csv"));
    Path failing = config(dir, "fail.yaml", "name: keep\nkind: test-count\nrows: 7\nfail: true\n");
    assertThatThrownBy(() -> runner.run(Runner.load(failing))).hasMessageContaining("asked to fail");
    assertThat(Files.readString(results.resolve("keep/count.csv"))).isEqualTo(before);
    try (var s = Files.list(results)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("keep");
    }
  }

  @Test
  void twoConfigsWithOneNameAreRefused(@TempDir Path dir) throws Exception {
    Path configs = Files.createDirectories(dir.resolve("configs"));
    config(configs, "a-quick.yaml", "name: same\nkind: test-count\n");
    config(configs, "b-quick.yaml", "name: same\nkind: test-count\n");
    config(configs, "c.yaml", "name: full\nkind: test-count\n");
    assertThatThrownBy(() -> Runner.loadAll(configs, true)).hasMessageContaining("already used by");
    assertThat(Runner.loadAll(configs, false)).extracting(LoadedConfig::name).containsExactly("full");
  }
}
