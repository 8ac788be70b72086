package jaguar.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The analytic cost of each protocol equals what the channel carried, byte for byte. */
class CostModelTest {
  @ParameterizedTest(name = "{0} bits={1} shift={2} window={3} radix={4}")
  @CsvSource({
    "relu, 37, 0, 1, 4",
    "relu, 20, 0, 1, 4",
    "relu, 20, 0, 1, 3",
    "relu, 64, 0, 1, 6",
    "drelu, 37, 0, 1, 1",
    "relu6, 20, 12, 1, 4",
    "trunc, 37, 12, 1, 4",
    "trunc, 40, 20, 1, 4",
    "trunc-msb0, 37, 12, 1, 4",
    "extend, 20, 12, 1, 4",
    "relu-extend, 20, 12, 1, 4",
    "relu-extend-separate, 20, 12, 1, 4",
    "maxpool, 20, 0, 9, 4",
  })
  void modelMatchesTheChannel(String opId, int bits, int shift, int window, int radix) {
    NonlinearOp op = NonlinearOp.of(opId);
    NonlinearOp.Params p = new NonlinearOp.Params(bits, shift, window);
    int n = 777;
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    try {
      NonlinearVerifier.Result r = NonlinearVerifier.run(op, p, n, 5, ch[0], ch[1], OtKind.IKNP, radix, 1 << 20);
      assertThat(r.mismatches()).isZero();
      CostModel.Cost model = new CostModel(radix).of(op, n, p);
      assertThat(r.cotsTaken()).as("COTs").isEqualTo(model.cots());
      long iknpBytes = 16 * r.cotsGenerated();
      assertThat(r.payloadBytes() - iknpBytes).as("protocol bytes").isEqualTo(model.bytes());
      assertThat(r.cotsGenerated()).isBetween(r.cotsTaken(), r.cotsTaken() + 64L * 64);
    } finally {
      ch[0].close();
      ch[1].close();
    }
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
