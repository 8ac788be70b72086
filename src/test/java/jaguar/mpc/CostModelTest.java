package jaguar.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.mpc.ot.FerretParameters;
import jaguar.mpc.ot.OtConfig;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The analytic cost of each protocol equals what the channel carried, byte for byte. */
class CostModelTest {
  @ParameterizedTest(name = "{0} bits={1} shift={2} window={3} radix={4} ot={5}")
  @CsvSource({
    "relu, 37, 0, 1, 4, iknp",
    "relu, 37, 0, 1, 4, ferret",
    "relu, 37, 0, 1, 3, iknp",
    "relu, 37, 0, 1, 3, ferret",
    "relu, 20, 0, 1, 8, ferret",
    "relu, 20, 0, 1, 3, iknp",
    "relu, 20, 0, 1, 3, ferret",
    "relu, 64, 0, 1, 6, iknp",
    "relu, 64, 0, 1, 6, ferret",
    "drelu, 37, 0, 1, 1, iknp",
    "drelu, 37, 0, 1, 1, ferret",
    "relu6, 20, 12, 1, 3, iknp",
    "relu6, 20, 12, 1, 3, ferret",
    "trunc, 37, 12, 1, 4, iknp",
    "trunc, 37, 12, 1, 4, ferret",
    "trunc, 40, 20, 1, 4, iknp",
    "trunc, 40, 20, 1, 4, ferret",
    "trunc-msb0, 37, 12, 1, 3, iknp",
    "trunc-msb0, 37, 12, 1, 3, ferret",
    "extend, 20, 12, 1, 4, iknp",
    "extend, 20, 12, 1, 4, ferret",
    "relu-extend, 20, 12, 1, 3, iknp",
    "relu-extend, 20, 12, 1, 3, ferret",
    "relu-extend-separate, 20, 12, 1, 3, iknp",
    "relu-extend-separate, 20, 12, 1, 3, ferret",
    "maxpool, 20, 0, 9, 4, iknp",
    "maxpool, 20, 0, 9, 4, ferret",
    "trunc-exact, 37, 12, 1, 3, iknp",
    "trunc-exact, 37, 12, 1, 3, ferret",
    "extend-signed, 20, 12, 1, 3, iknp",
    "extend-signed, 20, 12, 1, 3, ferret",
    "relu6-extend, 20, 12, 1, 3, iknp",
    "relu6-extend, 20, 12, 1, 3, ferret",
    "argmax, 20, 0, 10, 3, iknp",
    "argmax, 20, 0, 10, 3, ferret",
  })
  void modelMatchesTheChannel(String opId, int bits, int shift, int window, int radix, String ot) {
    NonlinearOp op = NonlinearOp.of(opId);
    NonlinearOp.Params p = new NonlinearOp.Params(bits, shift, window);
    int n = 777;
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    try {
      // Ferret with the toy parameters, so that the call runs several iterations
      OtConfig config = ot.equals("iknp") ? OtConfig.of(OtKind.IKNP) : OtConfig.ferret(FerretParameters.INSECURE_TEST);
      NonlinearVerifier.Result r = NonlinearVerifier.run(op, p, n, 5, ch[0], ch[1], config, radix, 1 << 20);
      assertThat(r.mismatches()).isZero();
      CostModel.Cost model = new CostModel(radix).of(op, n, p);
      assertThat(r.cotsTaken()).as("COTs").isEqualTo(model.cots());
      assertThat(r.payloadBytes() - r.extensionPayloadBytes()).as("protocol bytes").isEqualTo(model.bytes());
      if (ot.equals("iknp")) {
        assertThat(r.extensionPayloadBytes()).as("IKNP: 128 bits per COT generated").isEqualTo(16 * r.cotsGenerated());
        assertThat(r.cotsGenerated()).isBetween(r.cotsTaken(), r.cotsTaken() + 64L * 64);
      } else {
        // one message of the sender per iteration, each iteration yielding main().usable() COTs
        var main = FerretParameters.INSECURE_TEST.main();
        long iterations = r.cotsGenerated() / main.usable();
        assertThat(r.cotsGenerated()).isEqualTo(iterations * main.usable());
        assertThat(r.extensionPayloadBytes()).isEqualTo(iterations * 8L * main.messageLongs());
      }
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @Test
  void ferretCostsUnderAFifthOfABitPerCotAtTheSecureParameters() {
    assertThat(OtKind.FERRET.bitsPerCot()).isBetween(0.19, 0.20);
    // the spec's 10-11 bits per input bit of a millionaire with silent OT, plus our triples' COTs
    CostModel m = new CostModel(4);
    double relu37 = m.relu(1 << 20, 37).bitsPerElement(OtKind.FERRET.bitsPerCot(), 1 << 20);
    assertThat(relu37 / 36).isBetween(10.0, 13.0);
  }

  @Test
  void reluBitsPerElementLookLikeTheSpec() {
    // spec section 8: millionaire on L bits with IKNP costs about (128 + 14) L bits; ours adds the
    // triples' COTs in both directions: 128 (L + 2(q-1)) + L + 8L + openings
    CostModel m = new CostModel(4);
    double mill36 = m.millionaire(1 << 20, 36).bitsPerElement(128, 1 << 20);
    assertThat(mill36).isBetween(142.0 * 36, 200.0 * 36);
    double relu37 = m.relu(1 << 20, 37).bitsPerElement(128, 1 << 20);
    double relu20 = m.relu(1 << 20, 20).bitsPerElement(128, 1 << 20);
    assertThat(relu20 / relu37).isBetween(0.45, 0.6);
  }
}
