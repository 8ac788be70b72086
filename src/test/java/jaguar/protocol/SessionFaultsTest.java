package jaguar.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.conv.KernelCosts;
import jaguar.math.Prg;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.ProtocolException;
import jaguar.net.TwoPartyRun;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import jaguar.nn.SyntheticImages;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A mismatch in parameters or model, an insecure parameter set, a malformed or out-of-order
 * message and a vanished peer each end the session with a clear one-line error within the
 * channel's timeout, on both sides.
 */
class SessionFaultsTest {
  static final ChannelOptions FAST = ChannelOptions.defaults().withTimeout(Duration.ofSeconds(5));
  static final KernelCosts COSTS = SecureInferenceTest.COSTS;

  static SecureModel model(String name, InferenceConfig cfg) {
    Model m = ModelZoo.get(name);
    return SecureModel.of(m, NetworkWeights.synthetic(name, NetworkWeights.Synthetic.DEFAULT), cfg, COSTS);
  }

  static final SecureModel RESNET8 = model("resnet8-fmnist", InferenceConfig.jaguar().withOt(OtKind.IKNP));

  private static float[] image() {
    return SyntheticImages.image(1, 28, 28, Prg.insecureSeeded(3));
  }

  /** Runs a server and a client with the given expectations; returns both failures. */
  private static Throwable[] run(SecureModel served, Handshake.Expectations expect) {
    Channel[] ch = Channel.inMemoryPair("server", "client", FAST);
    AtomicReference<Throwable> serverFailure = new AtomicReference<>();
    try {
      ServerSession server = new ServerSession(served, Prg.secure(), null, "as given");
      ClientSession client = new ClientSession(expect, 1, Prg.secure(), null);
      try {
        TwoPartyRun.run(ch[0], c -> {
          try {
            return server.run(c);
          } catch (RuntimeException e) {
            serverFailure.set(e);
            throw e;
          }
        }, ch[1], c -> client.run(c, (m, p) -> image()));
      } catch (RuntimeException e) {
        Throwable clientFailure = e == serverFailure.get() ? (e.getSuppressed().length > 0 ? e.getSuppressed()[0] : null) : e;
        return new Throwable[] {serverFailure.get(), clientFailure};
      }
      return new Throwable[] {null, null};
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @Test
  void aParameterMismatchIsRefusedNamingTheFieldAndBothValues() {
    Handshake.Expectations expect = Handshake.Expectations.of(RESNET8.config().withRing(30, 12), "resnet8-fmnist", 28);
    Throwable[] f = run(RESNET8, expect);
    assertThat(f[1]).isInstanceOf(HandshakeException.class).hasMessage("field T: server 32, client 30");
    assertThat(((HandshakeException) f[1]).field()).isEqualTo("T");
    assertThat(f[0]).isInstanceOf(HandshakeException.class).hasMessageContaining("client refused").hasMessageContaining("field T");
  }

  @Test
  void aModelMismatchIsRefused() {
    Handshake.Expectations expect = Handshake.Expectations.of(RESNET8.config(), "mobilenetv2-fmnist", 28);
    Throwable[] f = run(RESNET8, expect);
    assertThat(f[1]).isInstanceOf(HandshakeException.class).hasMessage("field model: server resnet8-fmnist, client mobilenetv2-fmnist");
  }

  @Test
  void aWrongArchitectureHashIsRefused() {
    Map<String, String> pinned = new LinkedHashMap<>();
    pinned.put("arch", "00".repeat(32));
    Throwable[] f = run(RESNET8, new Handshake.Expectations(pinned, false));
    assertThat(f[1]).isInstanceOf(HandshakeException.class).hasMessageStartingWith("field arch: server ");
  }

  @Test
  void anInsecureParameterSetIsRefusedUnlessAllowed() {
    SecureModel insecure = model("resnet8-fmnist", InferenceConfig.jaguar().withOt(OtKind.IKNP).withInsecure(true).withLogN(10));
    Throwable[] f = run(insecure, Handshake.Expectations.none());
    assertThat(f[1]).isInstanceOf(HandshakeException.class).hasMessageContaining("log q 54 > 27 allowed at N=1024");
    assertThat(((HandshakeException) f[1]).field()).isEqualTo("insecure");
    assertThat(run(insecure, new Handshake.Expectations(Map.of(), true))).containsOnlyNulls();
  }

  @Test
  void aMalformedMessageEndsTheSessionNamingIt() {
    Channel[] ch = Channel.inMemoryPair("server", "client", FAST);
    try {
      ServerSession server = new ServerSession(RESNET8, Prg.secure(), null, "as given");
      assertThatThrownBy(() -> TwoPartyRun.run(ch[0], server::run, ch[1], c -> {
        Handshake.Accepted a = Handshake.answer(c, Handshake.Expectations.none(), 1, (n, s) -> ClientSession.graph(n, s).architectureHash());
        c.send("setup.pk.pow2", new byte[17]); // a public key of the wrong length
        c.flush();
        c.receive("never", 1);
        return a;
      })).isInstanceOf(ProtocolException.class).hasMessageContaining("message 'setup.pk.pow2'").hasMessageContaining("17 bytes");
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @Test
  void anOutOfOrderMessageEndsTheSession() {
    Channel[] ch = Channel.inMemoryPair("server", "client", FAST);
    try {
      ServerSession server = new ServerSession(RESNET8, Prg.secure(), null, "as given");
      assertThatThrownBy(() -> TwoPartyRun.run(ch[0], server::run, ch[1], c -> {
        Handshake.answer(c, Handshake.Expectations.none(), 1, (n, s) -> ClientSession.graph(n, s).architectureHash());
        c.send("n1.in", new byte[10]); // the first layer's input before the keys
        c.flush();
        c.receive("never", 1);
        return null;
      })).isInstanceOf(ProtocolException.class).hasMessageContaining("out of step");
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @Test
  void aVanishedPeerEndsTheOtherSideWithinTheTimeout() {
    Channel[] ch = Channel.inMemoryPair("server", "client", FAST);
    long t0 = System.nanoTime();
    try {
      ServerSession server = new ServerSession(RESNET8, Prg.secure(), null, "as given");
      AtomicReference<Throwable> seen = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          server.run(ch[0]);
        } catch (RuntimeException e) {
          seen.set(e);
        }
      });
      t.start();
      Handshake.answer(ch[1], Handshake.Expectations.none(), 1, (n, s) -> ClientSession.graph(n, s).architectureHash());
      ch[1].close(); // the client disappears after the handshake
      t.join(20_000);
      assertThat(seen.get()).isInstanceOf(ProtocolException.class).hasMessageContaining("peer closed the connection");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(15);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    } finally {
      ch[0].close();
    }
  }

  @Test
  void aSilentPeerTimesOut() throws Exception {
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(1)));
    ClientSession.graph("resnet8-fmnist", 28); // warm: the client answers the offer well within the timeout
    try {
      ServerSession server = new ServerSession(RESNET8, Prg.secure(), null, "as given");
      Thread t = new Thread(() -> {
        Handshake.answer(ch[1], Handshake.Expectations.none(), 1, (n, s) -> ClientSession.graph(n, s).architectureHash());
        // then says nothing
      });
      t.start();
      assertThatThrownBy(() -> server.run(ch[0])).isInstanceOf(ProtocolException.class)
          .hasMessageContaining("timed out after 1.0 s waiting for the peer");
      t.join();
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }
}
