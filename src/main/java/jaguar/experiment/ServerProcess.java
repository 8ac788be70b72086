package jaguar.experiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A party in a child JVM of its own (the other side of a two-process run): started with the
 * parent's class path, module flags and the given JVM flags, it prints {@code <marker><port>} once
 * it listens; everything else it prints is forwarded to the parent's log. Closing it ends the
 * process.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code mainClass} (by name) with {@code args} and waits until it prints the marker.
   *
   * @throws IOException if it exits before listening
   */
  public static ServerProcess start(String mainClass, List<String> jvmFlags, List<String> args, String marker, PrintStream log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    String home = System.getProperty("jaguar.home");
    if (home != null) {
      cmd.add("-Djaguar.home=" + home);
    }
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith(marker)) {
        int port = Integer.parseInt(line.substring(marker.length()).trim());
        Thread pump = new Thread(() -> {
          try {
            String l;
            while ((l = r.readLine()) != null) {
              if (!l.startsWith("WARNING: Using incubator modules")) {
                log.println("  server | " + l);
              }
            }
          } catch (IOException e) {
            // the process is gone
          }
        }, "server-output");
        pump.setDaemon(true);
        pump.start();
        return new ServerProcess(p, port);
      }
      if (!line.startsWith("WARNING: Using incubator modules")) {
        log.println("  server | " + line);
      }
    }
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    throw new IOException("the server process " + mainClass + " exited with " + code + " before listening");
  }

  public int port() {
    return port;
  }

  /** The JVM flags of this JVM that a child should share: heap size and code generation. */
  public static List<String> inheritedFlags() {
    List<String> out = new ArrayList<>();
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:UseAVX") || a.equals("-XX:-UseSuperWord")) {
        out.add(a);
      }
    }
    return out;
  }

  /** Waits for the process to end by itself (at most {@code seconds}), then ends it. */
  public void awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroy();
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
