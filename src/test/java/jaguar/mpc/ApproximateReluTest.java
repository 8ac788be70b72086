package jaguar.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.mpc.ot.FerretParameters;
import jaguar.mpc.ot.OtConfig;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The approximate ReLUs (comparison on a reduced ring) equal their cleartext function of the
 * shares exactly, differ from the exact ReLU only where 0 <= x < 2^lo (ReLU6 also where 0 <= x -
 * 6 2^s < 2^lo) and by less than 2^lo, and cost what the model says.
 */
class ApproximateReluTest {
  @ParameterizedTest(name = "{0} bits={1} shift={2} lo={3} width={4}")
  @CsvSource({
    "relu, 37, 12, 18, 19", "relu, 37, 12, 18, 17", "relu, 37, 12, 12, 25", "relu, 20, 12, 6, 14", "relu, 20, 12, 12, 8",
    "relu6, 37, 24, 18, 19", "relu6, 20, 12, 6, 14",
    "relu-extend, 20, 12, 6, 14", "relu-extend, 20, 12, 12, 8",
    "relu6-extend, 20, 12, 6, 14",
  })
  void matchesItsCleartextFunctionAndStaysWithinTheBound(String opId, int bits, int shift, int lo, int width) {
    NonlinearOp op = NonlinearOp.of(opId);
    NonlinearOp.Params p = new NonlinearOp.Params(bits, shift, 1, new Reduction(lo, width));
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    try {
      NonlinearVerifier.Result r = NonlinearVerifier.run(op, p, 3000, bits * 97L + lo, ch[0], ch[1],
          OtConfig.ferret(FerretParameters.INSECURE_TEST), 3, 1 << 10);
      assertThat(r.mismatches()).as("first mismatch at %d", r.firstMismatch()).isZero();
      long[] exact = op.expected(r.inputs(), r.n(), new NonlinearOp.Params(bits, shift, 1));
      int out = op.outputBits(p);
      int scale = op == NonlinearOp.RELU6_EXTEND ? NonlinearOp.RELU6_EXTEND_SCALE : shift;
      long six = 6L << scale;
      int differing = 0;
      for (int i = 0; i < r.n(); i++) {
        long d = Ring.signed(r.outputs()[i] - exact[i], out);
        if (d != 0) {
          differing++;
          long x = Ring.signed(r.inputs()[i], bits);
          boolean near0 = x >= 0 && x < 1L << lo;
          boolean nearSix = (op == NonlinearOp.RELU6 || op == NonlinearOp.RELU6_EXTEND) && x - six >= 0 && x - six < 1L << lo;
          assertThat(near0 || nearSix).as("input %d differs", x).isTrue();
          assertThat(Math.abs(d)).isLessThan(1L << lo);
        }
      }
      assertThat(differing).as("the edge inputs near 0 do differ").isPositive();
      CostModel.Cost model = new CostModel(3).of(op, 1 << 10, p);
      assertThat(model.cots()).isPositive();
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @ParameterizedTest(name = "{0} bits={1} lo={3} width={4}")
  @CsvSource({"relu, 37, 12, 18, 19", "relu6, 20, 12, 6, 14", "relu-extend, 20, 12, 6, 14", "relu6-extend, 20, 12, 6, 14"})
  void costsWhatTheModelSaysAndLessThanExact(String opId, int bits, int shift, int lo, int width) {
    NonlinearOp op = NonlinearOp.of(opId);
    NonlinearOp.Params p = new NonlinearOp.Params(bits, shift, 1, new Reduction(lo, width));
    int n = 777;
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    try {
      NonlinearVerifier.Result r = NonlinearVerifier.run(op, p, n, 5, ch[0], ch[1], OtConfig.ferret(FerretParameters.INSECURE_TEST), 3, 1 << 20);
      CostModel.Cost model = new CostModel(3).of(op, n, p);
      assertThat(r.cotsTaken()).isEqualTo(model.cots());
      assertThat(r.payloadBytes() - r.extensionPayloadBytes()).isEqualTo(model.bytes());
      assertThat(model.cots()).isLessThan(new CostModel(3).of(op, n, new NonlinearOp.Params(bits, shift, 1)).cots());
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }
}
