package jaguar.cli;

import jaguar.math.Prg;
import jaguar.net.ChannelOptions;
import jaguar.net.NetworkProfile;
import jaguar.nn.ImageInput;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.InferenceServer;
import jaguar.protocol.SecureModel;
import jaguar.protocol.VerifyMode;
import jaguar.share.TruncationMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jaguar serve}: loads a model once, plans every layer once, then serves private inference
 * to clients ({@code jaguar infer}) over TCP: one session per connection, each with its own keys,
 * OT state and randomness, up to {@code --max-sessions} at once. One log line per session.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve private inference of a model: clients run 'jaguar infer --connect HOST:PORT ...'.",
      "The client learns the logits (--output logits) or the top-1 class only (--output label); the server learns nothing of the input."
    })
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InferenceOptions inference;

  @Mixin ModelOptions modelOptions;

  @Option(names = "--port", defaultValue = "7433", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--max-sessions", defaultValue = "2", description = "sessions at once; a further client is told the server is busy (default: ${DEFAULT-VALUE})")
  int maxSessions;

  @Option(names = "--timeout", defaultValue = "120", description = "seconds a session waits for its client before it ends (default: ${DEFAULT-VALUE})")
  int timeout;

  @Option(names = "--cache-mib", defaultValue = "1024", description = "prepared NTT kernels (transformed filters) kept across sessions, MiB (default: ${DEFAULT-VALUE})")
  long cacheMib;

  @Option(names = "--sessions", defaultValue = "-1", description = "exit after this many sessions (default: serve until stopped)")
  int sessions;

  /** What serve prints once it listens (tests and scripts wait for it). */
  static final String LISTENING = "serve: listening on port ";

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String model = modelOptions.name();
    if (maxSessions < 1 || maxSessions > 64) {
      throw new BadInputException("--max-sessions", maxSessions, "1..64");
    }
    if (timeout < 1) {
      throw new BadInputException("--timeout", timeout, "a positive number of seconds");
    }
    if (port < 0 || port > 65535) {
      throw new BadInputException("--port", port, "0..65535");
    }
    InferenceConfig cfg = inference.config(VerifyMode.NONE);
    Model m = ModelZoo.get(model);
    NetworkWeights.Loaded w = modelOptions.load();
    SecureModel sm = SecureModel.of(m, w.weights(), cfg, inference.costs(), cacheMib << 20);
    out.printf(Locale.ROOT, "serve: model %s (%s weights), %s; %d layers planned, loaded in %.1f s%n", model, w.origin(),
        cfg.label(), sm.plan().linearPlans().size(), sm.loadSeconds());
    if (cfg.truncation() == TruncationMode.EXACT && cfg.protocol() == jaguar.protocol.Protocol.JAGUAR) {
      out.println("serve: WARNING: exact truncation shows the client the low " + cfg.fracBits()
          + " bits of every layer's output (for a first layer, equations in the weights); private is the default");
    }
    if (cfg.insecure()) {
      out.println("serve: WARNING: --insecure: parameters outside the HE-standard table are offered; clients refuse them unless they pass --insecure");
    }
    ChannelOptions options = new ChannelOptions(NetworkProfile.NONE, Duration.ofSeconds(timeout));
    ServerSocket socket;
    try {
      socket = new ServerSocket(port, 16, InetAddress.getByName(bind));
    } catch (IOException e) {
      throw new BadInputException("--port", port, "a port this host can listen on at " + bind + " (" + e.getMessage() + ")");
    }
    try (InferenceServer server = new InferenceServer(sm, socket, maxSessions, options, line -> {
      synchronized (out) {
        out.println("serve: " + line);
        out.flush();
      }
    }, Prg::secure, ImageInput.preprocessing(model))) {
      out.printf(Locale.ROOT, "serve: %s:%d, up to %d sessions at once%n", bind, socket.getLocalPort(), maxSessions);
      out.println(LISTENING + socket.getLocalPort());
      out.flush();
      server.serve(sessions);
      out.printf(Locale.ROOT, "serve: done: %d sessions served, %d failed%n", server.served(), server.failed());
      out.flush();
    }
    return 0;
  }
}
