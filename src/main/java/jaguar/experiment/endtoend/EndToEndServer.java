package jaguar.experiment.endtoend;

import jaguar.conv.KernelCosts;
import jaguar.math.Prg;
import jaguar.net.ChannelOptions;
import jaguar.protocol.InferenceServer;
import jaguar.protocol.SecureModel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The server of one tcp cell, in a JVM of its own: {@code EndToEndServer <job.yaml> <model>
 * <variant> <threads> <network index> <n,ma,ntt,pw,crt>}; loads and plans the model with the
 * client JVM's kernel costs (so both processes of a run plan alike), prints {@value #LISTENING}
 * and the port, serves one session per image and exits.
 */
public final class EndToEndServer {
  static final String LISTENING = "end-to-end server listening on port ";

  private EndToEndServer() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Map<String, Object> job = jaguar.experiment.ChildJvm.readJob(Path.of(args[0]));
    EndToEndSettings s = EndToEndSettings.fromJob(job);
    String[] c = args[5].split(",");
    KernelCosts costs = new KernelCosts(Integer.parseInt(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]),
        Double.parseDouble(c[3]), Double.parseDouble(c[4]));
    SecureModel model = Cell.model(s, Path.of(args[0]).getParent(), args[1], Variant.of(args[2]), Integer.parseInt(args[3]), costs);
    ChannelOptions options = new ChannelOptions(s.networks().get(Integer.parseInt(args[4])), Duration.ofSeconds(600));
    try (ServerSocket socket = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        InferenceServer server = new InferenceServer(model, socket, 1, options, System.out::println, Prg::secure, "as given")) {
      System.out.println(LISTENING + socket.getLocalPort());
      System.out.flush();
      server.serve(s.warmup() + s.sessionsPerCell());
      if (server.failed() > 0) {
        System.exit(1);
      }
    }
  }

  /** The costs as the argument this main reads. */
  static String costsArg(KernelCosts k) {
    return k.n() + "," + k.nsPerMultiplyAdd() + "," + k.nsPerNtt() + "," + k.nsPerPointwise() + "," + k.nsPerCrtCoefficient();
  }
}
