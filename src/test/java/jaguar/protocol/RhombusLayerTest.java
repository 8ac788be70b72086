package jaguar.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.conv.ConvShape;
import jaguar.conv.PlainConv;
import jaguar.conv.RhombusPointwise;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.TwoPartyRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both halves of Rhombus pointwise layers on two threads over an in-memory channel pair, at N = 256. */
class RhombusLayerTest {
  private static final RnsParams SMALL = new RnsSpec(8, List.of(50, 50), 37, true).validate();

  private static final ConvShape[] SHAPES = {
    new ConvShape(4, 4, 8, 32, 1, 1, 0, 1), // HW = 16 <= 32: the client encrypts
    new ConvShape(6, 6, 8, 4, 1, 1, 0, 1), // HW = 36 > 4: the server encrypts
    new ConvShape(7, 7, 20, 10, 1, 2, 0, 1), // stride 2: HW' = 16 > 10, the server encrypts
    new ConvShape(9, 9, 300, 100, 1, 2, 0, 1), // HW' = 25 <= 100, client; ci > N: two blocks
    new ConvShape(1, 1, 64, 10, 1, 1, 0, 1), // an FC: the client encrypts
  };

  private static long[] uniform(Prg prg, int n, int bits) {
    long[] v = new long[n];
    prg.fillBits(v, bits);
    return v;
  }

  /**
   * ell = 37 and 16 return at one prime and flood 11 and 32 bits there; ell = 45 leaves the
   * one-prime switch under a bit ({@link RhombusPointwise#returnMarginBits}) and returns at both
   * primes, flooding 53 bits.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "ell={0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {37, 16, 45})
  void sharesOverTheChannelReconstructTheLayerInBothDirections(int ell) throws Exception {
    RnsParams params = new RnsSpec(8, List.of(50, 50), ell, true).validate();
    int primes = ell == 45 ? 2 : 1;
    RnsParams level = RhombusPointwise.returnParams(params);
    assertThat(level.limbs()).isEqualTo(primes);
    assertThat(RhombusPointwise.cheetahFloodBits(level)).isEqualTo(50 * primes - 2 - ell);
    RnsKeySwitch ctx = RnsKeySwitch.of(params);
    List<RhombusPointwise> layers = new ArrayList<>();
    for (ConvShape s : SHAPES) {
      layers.add(new RhombusPointwise(ctx, s));
    }
    assertThat(layers).allMatch(l -> l.outputParams().limbs() == primes);
    assertThat(layers).extracting(RhombusPointwise::encryptor).containsExactly(
        RhombusPointwise.Encryptor.CLIENT, RhombusPointwise.Encryptor.SERVER, RhombusPointwise.Encryptor.SERVER,
        RhombusPointwise.Encryptor.CLIENT, RhombusPointwise.Encryptor.CLIENT);
    Prg data = Prg.insecureSeeded(17);
    long mask = params.tMask();
    List<long[]> xc = new ArrayList<>();
    List<long[]> xs = new ArrayList<>();
    List<long[]> w = new ArrayList<>();
    List<long[]> bias = new ArrayList<>();
    for (ConvShape s : SHAPES) {
      xc.add(uniform(data, s.inputSize(), ell));
      xs.add(uniform(data, s.inputSize(), ell));
      w.add(uniform(data, s.weightSize(), ell));
      bias.add(uniform(data, s.co(), ell));
    }
    double[][] margins = new double[SHAPES.length][1];
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    TwoPartyRun.Outcome<List<long[]>, List<long[]>> o = TwoPartyRun.run(
        ch[0], c -> {
          Prg prg = Prg.insecureSeeded(1);
          RhombusKeys keys = RhombusKeys.setup(c, RhombusPointwise.Encryptor.SERVER, ctx, layers, prg);
          assertThat(keys.encryptor()).isNotNull();
          assertThat(keys.peerKeys()).isNotNull();
          List<long[]> out = new ArrayList<>();
          for (int i = 0; i < layers.size(); i++) {
            out.add(RhombusLayer.server(c, i, layers.get(i), keys, w.get(i), bias.get(i), xs.get(i), prg, margins[i]));
          }
          return out;
        },
        ch[1], c -> {
          Prg prg = Prg.insecureSeeded(2);
          RhombusKeys keys = RhombusKeys.setup(c, RhombusPointwise.Encryptor.CLIENT, ctx, layers, prg);
          List<long[]> out = new ArrayList<>();
          for (int i = 0; i < layers.size(); i++) {
            out.add(RhombusLayer.client(c, i, layers.get(i), keys, xc.get(i), prg));
          }
          return out;
        });
    for (int i = 0; i < SHAPES.length; i++) {
      ConvShape s = SHAPES[i];
      long[] x = new long[s.inputSize()];
      for (int j = 0; j < x.length; j++) {
        x[j] = (xc.get(i)[j] + xs.get(i)[j]) & mask;
      }
      long[] expected = PlainConv.convolve(s, x, w.get(i), ell);
      int hw = s.outH() * s.outW();
      for (int j = 0; j < expected.length; j++) {
        expected[j] = (expected[j] + bias.get(i)[j / hw]) & mask;
      }
      long[] server = o.first().get(i);
      long[] client = o.second().get(i);
      long[] sum = new long[expected.length];
      int alone = 0;
      for (int j = 0; j < sum.length; j++) {
        sum[j] = (client[j] + server[j]) & mask;
        alone += client[j] == expected[j] || server[j] == expected[j] ? 1 : 0;
      }
      assertThat(sum).as("%s", layers.get(i)).isEqualTo(expected);
      assertThat(alone).as("%s: a share equal to the result", s).isLessThanOrEqualTo(2);
      if (layers.get(i).encryptor() == RhombusPointwise.Encryptor.SERVER) {
        // the flood (half-width Delta / 8) dominates: about 2 bits left, none lost to the product's noise
        assertThat(margins[i][0]).as("%s: server's decryption margin", s).isBetween(1.0, 3.5);
      }
    }
    ch[0].close();
    ch[1].close();
  }

  @Test
  void outputWireCarriesC1AndTheResultCoefficientsOnly() {
    RnsKeySwitch ctx = RnsKeySwitch.of(SMALL);
    RhombusPointwise layer = new RhombusPointwise(ctx, SHAPES[4]); // the FC: 10 results in one ciphertext
    jaguar.conv.RhombusMatMul mm = layer.matMul();
    RnsParams one = layer.outputParams();
    assertThat(one.limbs()).as("one-prime return").isEqualTo(1);
    RhombusOutputWire wire = new RhombusOutputWire(one, mm);
    int full = new jaguar.he.rns.RnsWire(SMALL).ciphertextBytes() * mm.ciphertextsOut();
    assertThat(wire.bytes()).isLessThan(full / 2); // one of the two primes, c0 only at the results
    assertThat(new RhombusOutputWire(SMALL, mm).bytes()).isEqualTo(2 * wire.bytes()); // both primes are 50-bit
    Prg prg = Prg.insecureSeeded(8);
    List<jaguar.he.rns.RnsCiphertext> cts = new ArrayList<>();
    for (int k = 0; k < mm.ciphertextsOut(); k++) {
      jaguar.he.rns.RnsCiphertext ct = jaguar.he.rns.RnsCiphertext.zero(one.limbs(), one.degree());
      java.util.Set<Integer> used = new java.util.HashSet<>();
      for (int c : mm.outputCoefficients(k)) {
        used.add(c);
      }
      for (int l = 0; l < one.limbs(); l++) {
        prg.fillUniform(ct.c1()[l], one.modulus(l).value());
        prg.fillUniform(ct.c0()[l], one.modulus(l).value());
        for (int i = 0; i < one.degree(); i++) {
          if (!used.contains(i)) {
            ct.c0()[l][i] = 0; // as compute leaves them
          }
        }
      }
      cts.add(ct);
    }
    byte[] bytes = wire.write(cts);
    assertThat(bytes).hasSize(wire.bytes());
    List<jaguar.he.rns.RnsCiphertext> back = wire.read(bytes);
    for (int k = 0; k < cts.size(); k++) {
      for (int l = 0; l < one.limbs(); l++) {
        assertThat(back.get(k).c0()[l]).isEqualTo(cts.get(k).c0()[l]);
        assertThat(back.get(k).c1()[l]).isEqualTo(cts.get(k).c1()[l]);
      }
    }
    assertThatThrownBy(() -> wire.read(java.util.Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(jaguar.he.WireFormatException.class).hasMessageContaining("expected " + bytes.length);
    byte[] bad = bytes.clone();
    java.util.Arrays.fill(bad, 0, 8, (byte) 0xff);
    assertThatThrownBy(() -> wire.read(bad)).isInstanceOf(jaguar.he.WireFormatException.class).hasMessageContaining("not below");
  }

  @Test
  void keysAreOnlyMadeByAPartyThatEncryptsAndALayerNeedsThem() throws Exception {
    RnsKeySwitch ctx = RnsKeySwitch.of(SMALL);
    List<RhombusPointwise> clientOnly = List.of(new RhombusPointwise(ctx, SHAPES[0]));
    assertThat(RhombusKeys.elements(clientOnly, RhombusPointwise.Encryptor.SERVER)).isEmpty();
    assertThat(RhombusKeys.elements(clientOnly, RhombusPointwise.Encryptor.CLIENT))
        .containsExactly(java.util.Arrays.stream(clientOnly.get(0).galoisElements()).distinct().sorted().toArray());
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    TwoPartyRun.Outcome<RhombusKeys, RhombusKeys> o = TwoPartyRun.run(
        ch[0], c -> RhombusKeys.setup(c, RhombusPointwise.Encryptor.SERVER, ctx, clientOnly, Prg.insecureSeeded(3)),
        ch[1], c -> RhombusKeys.setup(c, RhombusPointwise.Encryptor.CLIENT, ctx, clientOnly, Prg.insecureSeeded(4)));
    assertThat(o.first().encryptor()).as("server key with no server-encrypted layer").isNull();
    assertThat(o.first().peerKeys()).isNotNull();
    assertThat(o.second().peerKeys()).as("client has no server keys to receive").isNull();
    assertThat(o.second().encryptor()).isNotNull();
    // the client cannot compute a server-encrypted layer without the server's keys
    RhombusPointwise serverEncrypts = new RhombusPointwise(ctx, SHAPES[1]);
    assertThatThrownBy(() -> RhombusLayer.client(ch[1], 9, serverEncrypts, o.second(), new long[SHAPES[1].inputSize()], Prg.insecureSeeded(5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("node 9");
    assertThatThrownBy(() -> RhombusLayer.server(ch[0], 9, serverEncrypts, o.first(), new long[3], null,
        new long[SHAPES[1].inputSize()], Prg.insecureSeeded(6), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 weights");
    ch[0].close();
    ch[1].close();
  }
}
