package jaguar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  static final class Captured {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    int code;

    Captured run(String... args) {
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(args);
      return this;
    }
  }

  @Test
  void helpListsTheCommands() {
    Captured c = new Captured().run("--help");
    assertThat(c.code).isZero();
    assertThat(c.out.toString()).contains("run", "reproduce", "figures", "verify");
  }

  @Test
  void unknownOptionIsBadInputInOneLineWithoutStackTrace() {
    Captured c = new Captured().run("figures", "--nope");
    assertThat(c.code).isEqualTo(Main.BAD_INPUT);
    assertThat(c.err.toString()).contains("--nope").doesNotContain("at jaguar.");
  }

  @Test
  void badConfigIsBadInputNamingTheField(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("x.yaml");
    Files.writeString(cfg, "name: x\nkind: no-such-kind\n");
    Captured c = new Captured().run("run", cfg.toString(), "--results", dir.resolve("r").toString());
    assertThat(c.code).isEqualTo(Main.BAD_INPUT);
    assertThat(c.err.toString()).contains("field 'kind'").contains("no-such-kind").doesNotContain("\tat ");
    assertThat(dir.resolve("r")).doesNotExist();
  }

  @Test
  void reproduceWithNoConfigsSaysSo(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("configs"));
    Captured c =
        new Captured().run("reproduce", "--configs", dir.resolve("configs").toString());
    assertThat(c.code).isEqualTo(Main.BAD_INPUT);
    assertThat(c.err.toString()).contains("no quick");
  }
}
