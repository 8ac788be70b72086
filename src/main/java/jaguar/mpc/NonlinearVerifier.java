package jaguar.mpc;

import jaguar.math.Prg;
import jaguar.mpc.ot.OtConfig;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelStats;
import jaguar.net.TwoPartyRun;

/**
 * Runs one protocol on secret-shared inputs with both parties over a pair of channels, and
 * compares the reconstructed outputs with the cleartext function. Randomness is seeded (this is a
 * verification, not a deployment). Communication and rounds are those of the protocol alone, the
 * OT setup (base OTs) excluded and reported apart.
 */
public final class NonlinearVerifier {
  private NonlinearVerifier() {}

  /**
   * What a check found.
   *
   * @param mismatches outputs off by more than the op allows
   * @param maxError the largest |expected - output| (1 LSB is allowed for truncations)
   * @param lsbErrors outputs exactly 1 LSB low (truncations)
   * @param bytes message bytes both parties sent during the protocol (payload and headers)
   * @param payloadBytes payload bytes both parties sent during the protocol
   * @param rounds the protocol's rounds (see {@link Channel})
   * @param cotsTaken random COTs the protocol used, both directions
   * @param cotsGenerated random COTs the backend generated meanwhile (IKNP generates in multiples
   *     of 64 and keeps the rest; Ferret in iterations of 10.2 million, or none when its pool holds
   *     enough)
   * @param extensionPayloadBytes of {@code payloadBytes}, those both parties sent to generate COTs
   *     (IKNP's columns, Ferret's iterations)
   * @param setupBytes bytes both parties sent for the OT setup
   * @param seconds the slower party's wall time for the protocol
   * @param firstMismatch index of the first mismatch, or -1
   */
  public record Result(
      int n,
      long mismatches,
      long maxError,
      long lsbErrors,
      long bytes,
      long payloadBytes,
      long rounds,
      long cotsTaken,
      long cotsGenerated,
      long extensionPayloadBytes,
      long setupBytes,
      double seconds,
      int firstMismatch,
      long[] inputs,
      long[] expected,
      long[] outputs) {}

  /** What one party measured: its output shares and its own counts. */
  private record PartyOutcome(
      long[] out, long bytes, long payload, long round, long setupBytes, long nanos, long cotsTaken, long cotsGenerated,
      long extensionPayload) {
    static final int COUNTS = 8;

    long[] counts() {
      return new long[] {bytes, payload, round, setupBytes, nanos, cotsTaken, cotsGenerated, extensionPayload};
    }

    static PartyOutcome of(long[] out, long[] c) {
      return new PartyOutcome(out, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    }
  }

  /** Checks {@code op} on {@code n} outputs' worth of inputs drawn from {@code seed}. */
  public static Result run(
      NonlinearOp op, NonlinearOp.Params params, int n, long seed, Channel server, Channel client, OtKind ot, int radix, int batch) {
    return run(op, params, n, seed, server, client, OtConfig.of(ot), radix, batch);
  }

  /** {@link #run(NonlinearOp, NonlinearOp.Params, int, long, Channel, Channel, OtKind, int, int)} with explicit OT parameters. */
  public static Result run(
      NonlinearOp op, NonlinearOp.Params params, int n, long seed, Channel server, Channel client, OtConfig ot, int radix, int batch) {
    return run(op, params, n, seed, new Channel[] {server}, new Channel[] {client}, ot, radix, batch);
  }

  /**
   * The check with the batch cut over {@code server.length} sessions run side by side ({@link
   * MpcGroup}): {@code server[i]} and {@code client[i]} are the two ends of session i's channel.
   */
  public static Result run(
      NonlinearOp op, NonlinearOp.Params params, int n, long seed, Channel[] server, Channel[] client, OtConfig ot, int radix, int batch) {
    if (server.length != client.length) {
      throw new IllegalArgumentException(server.length + " server channels, " + client.length + " client channels");
    }
    op.validate(params);
    long[] x = op.inputs(Prg.insecureSeeded(seed), n, params);
    long[] serverShares = new long[x.length];
    long[] clientShares = new long[x.length];
    Prg masks = Prg.insecureSeeded(seed ^ 0x5A5A5A5AL);
    long mask = Ring.mask(params.bits());
    for (int i = 0; i < x.length; i++) {
      serverShares[i] = masks.nextLong() & mask;
      clientShares[i] = (x[i] - serverShares[i]) & mask;
    }
    long[] expected = op.expected(x, serverShares, n, params);
    TwoPartyRun.Outcome<PartyOutcome, PartyOutcome> o =
        TwoPartyRun.run(
            server[0], ch -> party(Role.SERVER, op, params, n, serverShares, server, ot, radix, batch, seed),
            client[0], ch -> party(Role.CLIENT, op, params, n, clientShares, client, ot, radix, batch, seed));
    return result(op, params, n, x, expected, o.first(), o.second());
  }

  /**
   * One party of the check, the other running in another process (or on another host) with the
   * same arguments: both derive the inputs and shares from {@code seed}, run the protocol, then
   * exchange their output shares and counts (after the measurement) so that both report the same
   * result.
   */
  public static Result runOneParty(
      Role role, NonlinearOp op, NonlinearOp.Params params, int n, long seed, Channel channel, OtKind ot, int radix, int batch) {
    return runOneParty(role, op, params, n, seed, new Channel[] {channel}, ot, radix, batch);
  }

  /**
   * {@link #runOneParty(Role, NonlinearOp, NonlinearOp.Params, int, long, Channel, OtKind, int,
   * int)} over several sessions side by side (this party's ends of their channels, in the order
   * the peer uses); the results are exchanged on the first.
   */
  public static Result runOneParty(
      Role role, NonlinearOp op, NonlinearOp.Params params, int n, long seed, Channel[] channels, OtKind ot, int radix, int batch) {
    Channel channel = channels[0];
    op.validate(params);
    OtConfig config = OtConfig.of(ot);
    long[] x = op.inputs(Prg.insecureSeeded(seed), n, params);
    long[] mine = new long[x.length];
    long[] serverShares = new long[x.length];
    Prg masks = Prg.insecureSeeded(seed ^ 0x5A5A5A5AL);
    long mask = Ring.mask(params.bits());
    for (int i = 0; i < x.length; i++) {
      long m = masks.nextLong() & mask;
      serverShares[i] = m;
      mine[i] = role.isServer() ? m : (x[i] - m) & mask;
    }
    long[] expected = op.expected(x, serverShares, n, params);
    PartyOutcome me = party(role, op, params, n, mine, channels, config, radix, batch, seed);
    channel.sendLongs("verify.outputs", me.out, 0, n);
    channel.sendLongs("verify.counts", me.counts(), 0, PartyOutcome.COUNTS);
    long[] peerOut = new long[n];
    long[] peerCounts = new long[PartyOutcome.COUNTS];
    channel.receiveLongs("verify.outputs", peerOut, 0, n);
    channel.receiveLongs("verify.counts", peerCounts, 0, PartyOutcome.COUNTS);
    PartyOutcome peer = PartyOutcome.of(peerOut, peerCounts);
    return role.isServer()
        ? result(op, params, n, x, expected, me, peer)
        : result(op, params, n, x, expected, peer, me);
  }

  private static Result result(
      NonlinearOp op, NonlinearOp.Params params, int n, long[] x, long[] expected, PartyOutcome s, PartyOutcome c) {
    int outBits = op.outputBits(params);
    long outMask = Ring.mask(outBits);
    long[] out = new long[n];
    long mismatches = 0;
    long maxError = 0;
    long lsb = 0;
    int first = -1;
    for (int i = 0; i < n; i++) {
      out[i] = (s.out[i] + c.out[i]) & outMask;
      long error = Ring.signed(expected[i] - out[i], outBits);
      maxError = Math.max(maxError, Math.abs(error));
      if (error < 0 || error > op.allowedLsbError()) {
        mismatches++;
        if (first < 0) {
          first = i;
        }
      } else if (error == 1) {
        lsb++;
      }
    }
    return new Result(
        n,
        mismatches,
        maxError,
        lsb,
        s.bytes + c.bytes,
        s.payload + c.payload,
        Math.max(s.round, c.round),
        s.cotsTaken + c.cotsTaken,
        s.cotsGenerated + c.cotsGenerated,
        s.extensionPayload + c.extensionPayload,
        s.setupBytes + c.setupBytes,
        Math.max(s.nanos, c.nanos) / 1e9,
        first,
        x,
        expected,
        out);
  }

  private static PartyOutcome party(
      Role role, NonlinearOp op, NonlinearOp.Params params, int n, long[] shares, Channel[] ch, OtConfig ot, int radix, int batch, long seed) {
    ChannelStats start = stats(ch);
    try (MpcGroup group = MpcGroup.setup(role, ot, ch, Prg.insecureSeeded(seed * 31 + role.index() + 1), radix, batch)) {
      group.startRoundCount();
      MpcGroup.Counters afterSetup = group.counters();
      long t0 = System.nanoTime();
      long[] out = group.run(op, shares, n, params);
      group.flush();
      long t1 = System.nanoTime();
      MpcGroup.Counters d = group.counters().minus(afterSetup);
      return new PartyOutcome(
          out, d.channel().bytesSent(), d.channel().payloadSent(), d.channel().round(),
          afterSetup.channel().minus(start).bytesSent(), t1 - t0, d.cotsTakenAsSender(), d.cotsGeneratedAsReceiver(),
          d.extensionPayloadSent());
    }
  }

  private static ChannelStats stats(Channel[] ch) {
    ChannelStats s = ch[0].stats();
    for (int i = 1; i < ch.length; i++) {
      s = s.plus(ch[i].stats());
    }
    return s;
  }
}
