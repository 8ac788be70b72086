package jaguar.protocol;

import jaguar.conv.RhombusPointwise;
import jaguar.he.SecretKey;
import jaguar.he.rns.GaloisKeyWire;
import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsPublicKey;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Prg;
import jaguar.net.Channel;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One party's key material for the Rhombus layers of a session (the {@code pointwise rhombus}
 * variant): its own Rhombus key (to encrypt its matrix and decrypt the results, for the layers
 * where it is the encryptor) and the peer's Galois keys and public key (to compute and
 * re-randomise, for the layers where the peer encrypts). Either half is null when no layer needs
 * it. Made at setup ({@link #setup}): each party that encrypts somewhere makes a fresh secret key
 * and sends {@code setup.rhombus.gk.<role>} (Galois keys for the union of those layers' elements,
 * {@link GaloisKeyWire}) and {@code setup.rhombus.pk.<role>}; the client sends first. Every length
 * follows from the public plans.
 *
 * @param ctx the Rhombus context (N = 8192 and two primes in a real run)
 * @param encryptor this party's encryptor (its own key), or null
 * @param decryptor this party's decryptor at the layers' return level ({@link
 *     RhombusPointwise#returnParams}), or null
 * @param peerKeys the peer's Galois keys, or null
 * @param peerZeros encryptions of zero under the peer's public key, or null
 */
record RhombusKeys(
    RnsKeySwitch ctx, RnsEncryptor encryptor, RnsDecryptor decryptor, GaloisKeys peerKeys, RnsZeroEncryptor peerZeros) {

  /** The Galois elements of the layers {@code who} encrypts (sorted, distinct; empty if none). */
  static int[] elements(List<RhombusPointwise> layers, RhombusPointwise.Encryptor who) {
    return layers.stream().filter(l -> l.encryptor() == who)
        .flatMapToInt(l -> IntStream.of(l.galoisElements())).distinct().sorted().toArray();
  }

  /**
   * Both parties run this at setup with the same layers; {@code self} is the caller's role. The
   * party with layers to encrypt makes its key and sends its Galois and public keys; the other
   * receives them. prg: the caller's randomness ({@link Prg#secure()} in a real run).
   */
  static RhombusKeys setup(
      Channel ch, RhombusPointwise.Encryptor self, RnsKeySwitch ctx, List<RhombusPointwise> layers, Prg prg) {
    RhombusPointwise.Encryptor peer = self == RhombusPointwise.Encryptor.CLIENT
        ? RhombusPointwise.Encryptor.SERVER : RhombusPointwise.Encryptor.CLIENT;
    int[] own = elements(layers, self);
    int[] theirs = elements(layers, peer);
    boolean ownLayers = layers.stream().anyMatch(l -> l.encryptor() == self);
    boolean peerLayers = layers.stream().anyMatch(l -> l.encryptor() == peer);
    RnsEncryptor enc = null;
    RnsDecryptor dec = null;
    GaloisKeys keys = null;
    RnsZeroEncryptor zeros = null;
    // the client's keys go first, then the server's
    for (RhombusPointwise.Encryptor turn : RhombusPointwise.Encryptor.values()) {
      if (turn == self && ownLayers) {
        SecretKey sk = SecretKey.generate(ctx.params().degree(), prg);
        GaloisKeys gk = GaloisKeys.generate(ctx, sk, own, prg);
        ch.send(label("gk", self), new GaloisKeyWire(ctx, own).write(gk));
        ch.send(label("pk", self), RnsPublicKey.generate(ctx.params(), sk, prg).toBytes());
        ch.flush();
        enc = new RnsEncryptor(ctx.params(), sk, prg.fork());
        dec = new RnsDecryptor(RhombusPointwise.returnParams(ctx.params()), sk); // the outputs' level
      } else if (turn == peer && peerLayers) {
        GaloisKeyWire wire = new GaloisKeyWire(ctx, theirs);
        keys = wire.read(ch.receive(label("gk", peer), wire.bytes()));
        RnsPublicKey pk = RnsPublicKey.fromBytes(ctx.params(), ch.receive(label("pk", peer), RnsPublicKey.bytes(ctx.params())));
        zeros = new RnsZeroEncryptor(pk, prg.fork());
      }
    }
    return new RhombusKeys(ctx, enc, dec, keys, zeros);
  }

  static String label(String what, RhombusPointwise.Encryptor role) {
    return "setup.rhombus." + what + "." + (role == RhombusPointwise.Encryptor.CLIENT ? "client" : "server");
  }
}
