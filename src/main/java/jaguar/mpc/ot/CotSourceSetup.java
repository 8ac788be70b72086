package jaguar.mpc.ot;

import jaguar.math.Prg;
import jaguar.net.Channel;

/**
 * The setup of both directions' COT sources, run by both parties at the same time (the same code:
 * what differs is only which side of each direction a party holds).
 *
 * <ul>
 *   <li>IKNP: 128 Chou-Orlandi base OTs per direction, two rounds, 33 + 128 * 33 bytes each way.
 *   <li>Ferret: the same base OTs with Delta's lowest bit set, then IKNP COTs for the bootstrap
 *       iteration ({@link FerretParameters#iknpCots()} per direction: 47,709, 763 KB, for the
 *       128-bit set), then the bootstrap iteration (one message per direction, 386 KB), whose
 *       output holds the first main iteration's base COTs; four rounds.
 * </ul>
 */
final class CotSourceSetup {
  private CotSourceSetup() {}

  /** This party's two sides: sender of one direction, receiver of the other. */
  record Pair(CotSender sender, CotReceiver receiver) {}

  static Pair iknp(Channel channel, Prg prg) {
    IknpPair p = baseOts(channel, prg, prg.nextLong(), prg.nextLong());
    return new Pair(p.sender, p.receiver);
  }

  private record IknpPair(IknpCotSender sender, IknpCotReceiver receiver) {}

  /** Base OTs of both directions, this party's Delta (as COT sender) being (deltaLo, deltaHi). */
  private static IknpPair baseOts(Channel channel, Prg prg, long deltaLo, long deltaHi) {
    int kappa = IknpCotReceiver.KAPPA;
    // this party is the base-OT sender for the direction in which it receives COTs...
    ChouOrlandiBaseOt.Sender baseSender = new ChouOrlandiBaseOt.Sender(prg);
    channel.send("baseot.A", baseSender.firstMessage());
    // ...and the base-OT receiver, choosing its Delta, for the direction in which it sends COTs
    byte[] choices = new byte[kappa];
    for (int i = 0; i < kappa; i++) {
      choices[i] = (byte) ((i < 64 ? deltaLo >>> i : deltaHi >>> (i - 64)) & 1);
    }
    byte[] peerA = channel.receive("baseot.A", ChouOrlandiBaseOt.POINT_BYTES);
    long[] chosenKeys = new long[2 * kappa];
    channel.send("baseot.B", ChouOrlandiBaseOt.respond(peerA, choices, prg, chosenKeys));
    long[][] keys = baseSender.keys(channel.receive("baseot.B", kappa * ChouOrlandiBaseOt.POINT_BYTES), kappa);
    IknpCotReceiver receiver = new IknpCotReceiver(channel, keys[0], keys[1], prg.fork());
    IknpCotSender sender = new IknpCotSender(channel, deltaLo, deltaHi, chosenKeys);
    return new IknpPair(sender, receiver);
  }

  static Pair ferret(FerretParameters params, Channel channel, Prg prg) {
    // Ferret keeps choice bits in the blocks' lowest bit: Delta's lowest bit is 1 (IKNP's too, as
    // the bootstrap COTs must carry the same Delta)
    long deltaLo = prg.nextLong() | 1L;
    long deltaHi = prg.nextLong();
    IknpPair iknp = baseOts(channel, prg, deltaLo, deltaHi);
    int m = params.iknpCots();
    // IKNP's receiver side only sends, so it goes first in both parties
    long[] t = new long[2 * m];
    byte[] c = new byte[m];
    iknp.receiver.next(m, c, 0, t, 0);
    for (int i = 0; i < m; i++) {
      t[2 * i] = (t[2 * i] & ~1L) | c[i];
    }
    long[] q = new long[2 * m];
    iknp.sender.next(m, q, 0);
    for (int i = 0; i < m; i++) {
      q[2 * i] &= ~1L;
    }
    FerretCotSender sender = new FerretCotSender(channel, params, deltaLo, deltaHi, prg.fork());
    FerretCotReceiver receiver = new FerretCotReceiver(channel, params);
    // Ferret's sender side only sends, so it goes first in both parties
    sender.bootstrap(q);
    receiver.bootstrap(t);
    return new Pair(sender, receiver);
  }
}
