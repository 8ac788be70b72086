package jaguar.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.mpc.ot.FerretParameters;
import jaguar.mpc.ot.OtConfig;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every protocol against its cleartext function on edge and random inputs, over both channels and
 * both OT backends: IKNP, and Ferret with the toy test parameters (so that slices cross many Ferret
 * iterations) and, on a subset, with the 128-bit parameters.
 */
class ProtocolsAgainstCleartextTest {
  static final ChannelOptions OPTIONS = ChannelOptions.defaults().withTimeout(Duration.ofSeconds(60));
  static final OtConfig IKNP = OtConfig.of(OtKind.IKNP);
  static final OtConfig FERRET_TEST = OtConfig.ferret(FerretParameters.INSECURE_TEST);
  static final OtConfig FERRET = OtConfig.of(OtKind.FERRET);

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    Object[][] ops = {
      {NonlinearOp.DRELU, 37, 0, 1}, {NonlinearOp.DRELU, 1, 0, 1}, {NonlinearOp.DRELU, 2, 0, 1}, {NonlinearOp.DRELU, 64, 0, 1},
      {NonlinearOp.RELU, 37, 0, 1}, {NonlinearOp.RELU, 20, 0, 1}, {NonlinearOp.RELU, 64, 0, 1}, {NonlinearOp.RELU, 5, 0, 1},
      {NonlinearOp.RELU6, 20, 12, 1}, {NonlinearOp.RELU6, 37, 24, 1}, {NonlinearOp.RELU6, 64, 20, 1},
      {NonlinearOp.TRUNC, 37, 12, 1}, {NonlinearOp.TRUNC, 64, 30, 1}, {NonlinearOp.TRUNC, 8, 7, 1}, {NonlinearOp.TRUNC, 2, 1, 1},
      {NonlinearOp.TRUNC_MSB0, 37, 12, 1}, {NonlinearOp.TRUNC_MSB0, 64, 13, 1}, {NonlinearOp.TRUNC_MSB0, 3, 1, 1},
      {NonlinearOp.EXTEND, 20, 12, 1}, {NonlinearOp.EXTEND, 2, 62, 1}, {NonlinearOp.EXTEND, 5, 59, 1}, {NonlinearOp.EXTEND, 63, 1, 1},
      {NonlinearOp.RELU_EXTEND, 20, 12, 1}, {NonlinearOp.RELU_EXTEND, 31, 33, 1},
      {NonlinearOp.RELU_EXTEND_SEPARATE, 20, 12, 1},
      {NonlinearOp.MAXPOOL, 20, 0, 4}, {NonlinearOp.MAXPOOL, 37, 0, 9}, {NonlinearOp.MAXPOOL, 64, 0, 3}, {NonlinearOp.MAXPOOL, 3, 0, 1},
      {NonlinearOp.TRUNC_EXACT, 37, 12, 1}, {NonlinearOp.TRUNC_EXACT, 20, 12, 1}, {NonlinearOp.TRUNC_EXACT, 8, 7, 1},
      {NonlinearOp.EXTEND_SIGNED, 20, 12, 1}, {NonlinearOp.EXTEND_SIGNED, 2, 62, 1}, {NonlinearOp.EXTEND_SIGNED, 63, 1, 1},
      {NonlinearOp.RELU6_EXTEND, 20, 12, 1}, {NonlinearOp.RELU6_EXTEND, 16, 48, 1},
      {NonlinearOp.ARGMAX, 20, 0, 10}, {NonlinearOp.ARGMAX, 20, 0, 1000}, {NonlinearOp.ARGMAX, 5, 0, 3},
    };
    for (Object[] c : ops) {
      out.add(Arguments.of(c[0], c[1], c[2], c[3], false, IKNP));
      out.add(Arguments.of(c[0], c[1], c[2], c[3], false, FERRET_TEST));
    }
    // the TCP transport on a representative subset
    for (NonlinearOp op : NonlinearOp.values()) {
      int shift = switch (op) {
        case RELU6, TRUNC, TRUNC_MSB0, TRUNC_EXACT, EXTEND, EXTEND_SIGNED, RELU_EXTEND, RELU_EXTEND_SEPARATE,
            RELU6_EXTEND -> 12;
        default -> 0;
      };
      int window = switch (op) {
        case MAXPOOL -> 4;
        case ARGMAX -> 10;
        default -> 1;
      };
      out.add(Arguments.of(op, 20, shift, window, true, IKNP));
      out.add(Arguments.of(op, 20, shift, window, true, FERRET_TEST));
    }
    // the 128-bit parameter sets (COTs from the bootstrap iteration's output at this size)
    out.add(Arguments.of(NonlinearOp.RELU, 37, 0, 1, false, FERRET));
    out.add(Arguments.of(NonlinearOp.TRUNC, 37, 12, 1, true, FERRET));
    return out.stream();
  }

  @ParameterizedTest(name = "{0} bits={1} shift={2} window={3} tcp={4} ot={5}")
  @MethodSource("cases")
  void matchesCleartext(NonlinearOp op, int bits, int shift, int window, boolean tcp, OtConfig ot) {
    NonlinearOp.Params p = new NonlinearOp.Params(bits, shift, window);
    Channel[] ch =
        tcp
            ? jaguar.net.TcpChannels.loopbackPair("server", "client", OPTIONS)
            : Channel.inMemoryPair("server", "client", OPTIONS);
    try {
      // a small batch so that several slices run
      NonlinearVerifier.Result r =
          NonlinearVerifier.run(op, p, 300, bits * 1000L + shift, ch[0], ch[1], ot, 4, 128);
      assertThat(r.mismatches())
          .as("first mismatch at %d: input %s expected %s got %s", r.firstMismatch(),
              r.firstMismatch() < 0 ? "" : Long.toHexString(r.inputs()[r.firstMismatch() * window]),
              r.firstMismatch() < 0 ? "" : Long.toHexString(r.expected()[r.firstMismatch()]),
              r.firstMismatch() < 0 ? "" : Long.toHexString(r.outputs()[r.firstMismatch()]))
          .isZero();
      assertThat(r.maxError()).isLessThanOrEqualTo(op.allowedLsbError());
      boolean local = op == NonlinearOp.DRELU && bits == 1
          || (op == NonlinearOp.MAXPOOL || op == NonlinearOp.ARGMAX) && window == 1;
      if (!local) {
        assertThat(r.bytes()).isPositive();
        assertThat(r.rounds()).isPositive();
      }
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }
}
