package jaguar.protocol;

import jaguar.math.Prg;
import jaguar.net.Channel;
import jaguar.net.TwoPartyRun;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Both parties of a secure inference in this process, on two threads over a pair of channels
 * (in-memory or TCP loopback): what experiments and {@code verify infer} run. Each party gets its
 * own {@link Prg}; the server's copy of the model is never visible to the client's side.
 */
public final class TwoParties {
  private TwoParties() {}

  /** Both outcomes of one image. */
  public record Outcome(ServerSession.Outcome server, ClientSession.Outcome client) {}

  /**
   * Runs one inference of {@code image} between a server serving {@code model} and a client that
   * pins the model's config and name.
   */
  public static Outcome run(
      SecureModel model, float[] image, Channel serverChannel, Channel clientChannel, Prg serverPrg, Prg clientPrg,
      Consumer<LayerReport> progress) {
    return run(model, List.of(image), serverChannel, clientChannel, serverPrg, clientPrg, progress).get(0);
  }

  /**
   * Runs one session of several images, in order, on one setup; both outcomes of each. With {@code
   * mpc_threads} above 1 the further channels are in-memory pairs with the main channel's options.
   */
  public static List<Outcome> run(
      SecureModel model, List<float[]> images, Channel serverChannel, Channel clientChannel, Prg serverPrg, Prg clientPrg,
      Consumer<LayerReport> progress) {
    return run(model, images, serverChannel, clientChannel,
        () -> Channel.inMemoryPair("server", "client", serverChannel.options()), serverPrg, clientPrg, progress);
  }

  /**
   * Runs one session of several images, the further channels of {@code mpc_threads} above 1 made
   * by {@code pairs} (server end first; e.g. TCP loopback pairs), closed at the end.
   */
  public static List<Outcome> run(
      SecureModel model, List<float[]> images, Channel serverChannel, Channel clientChannel, Supplier<Channel[]> pairs,
      Prg serverPrg, Prg clientPrg, Consumer<LayerReport> progress) {
    int extra = model.config().mpcThreads() - 1;
    List<Channel> serverExtra = new ArrayList<>();
    List<Channel> clientExtra = new ArrayList<>();
    try {
      for (int i = 0; i < extra; i++) {
        Channel[] p = pairs.get();
        serverExtra.add(p[0]);
        clientExtra.add(p[1]);
      }
      ServerSession server = new ServerSession(model, serverPrg, null, "as given");
      ClientSession client = new ClientSession(
          Handshake.Expectations.of(model.config(), model.name(), model.inputSize()), model.config().threads(), clientPrg,
          progress);
      TwoPartyRun.Outcome<List<ServerSession.Outcome>, List<ClientSession.Outcome>> o = TwoPartyRun.run(
          serverChannel, ch -> server.run(ch, SessionChannels.of(serverExtra)), clientChannel,
          ch -> client.run(ch, SessionChannels.of(clientExtra), images.size(), (i, m, p) -> images.get(i)));
      if (o.first().size() != images.size() || o.second().size() != images.size()) {
        throw new IllegalStateException("session: the server ran " + o.first().size() + " and the client "
            + o.second().size() + " of " + images.size() + " images");
      }
      List<Outcome> out = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        out.add(new Outcome(o.first().get(i), o.second().get(i)));
      }
      return out;
    } finally {
      serverExtra.forEach(Channel::close);
      clientExtra.forEach(Channel::close);
    }
  }
}
