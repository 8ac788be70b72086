package jaguar.protocol;

import jaguar.conv.RhombusPointwise;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSeededCiphertext;
import jaguar.he.rns.RnsWire;
import jaguar.math.Prg;
import jaguar.net.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A pointwise layer (1 x 1 convolution, or the FC as one) run by Rhombus's packed matrix
 * products, both parties' halves over a channel ({@link #client}, {@link #server}), on additive
 * shares mod t = 2^ell of its input; each returns its share of W X + bias mod t in output-tensor
 * order (co x H' x W'), the scale of the product (2f for Cheetah's flow), ready for the
 * truncation. Who encrypts is the layer's rule ({@link RhombusPointwise#encryptor}):
 *
 * <ul>
 *   <li>client: {@code n<id>.rh.in} client -> server, its subsampled share X_c as seeded
 *       ciphertexts under its Rhombus key; the server computes W Enc(X_c), re-randomises with the
 *       client's public key, switches to the return level, floods, masks with r and sends {@code n<id>.rh.out} ({@link
 *       RhombusOutputWire}: c1 and the result coefficients of c0); the
 *       client's share is the decryption, the server's r + W X_s + bias.
 *   <li>server: {@code n<id>.rh.in} server -> client, W^T under the server's own Rhombus key;
 *       the client computes X_c^T Enc(W^T), re-randomises with the server's public key, floods,
 *       masks with r and returns {@code n<id>.rh.out}; the client's share is r, the server's its
 *       decryption + W X_s + bias.
 * </ul>
 *
 * Every message length follows from the layer, so a peer's length is checked before anything is
 * allocated. The computing party re-randomises each output, switches it to the return level
 * ({@link RhombusPointwise#outputParams}: one prime at Rhombus's parameters), floods every result
 * coefficient with OpenCheetah's size of uniform noise there ({@link
 * RhombusPointwise#cheetahFloodBits}: a quarter of Delta) and masks.
 */
final class RhombusLayer {
  private RhombusLayer() {}

  static String inLabel(int node) {
    return "n" + node + ".rh.in";
  }

  static String outLabel(int node) {
    return "n" + node + ".rh.out";
  }

  /** The client's half: its input share x (ci x H x W, mod t); returns its output share. */
  static long[] client(Channel ch, int node, RhombusPointwise layer, RhombusKeys keys, long[] x, Prg prg) {
    if (layer.encryptor() == RhombusPointwise.Encryptor.CLIENT) {
      encryptAndSend(ch, node, layer, keys, x);
      return receiveAndDecrypt(ch, node, layer, keys, null);
    }
    return computeAndSend(ch, node, layer, keys, x, prg);
  }

  /**
   * The server's half: its weights (co x ci, mod t), bias per output channel (null for none) and
   * input share x; returns its output share. margin (may be null), when the server decrypts,
   * receives the smallest decryption margin in bits.
   */
  static long[] server(
      Channel ch, int node, RhombusPointwise layer, RhombusKeys keys, long[] weights, long[] bias, long[] x, Prg prg,
      double[] margin) {
    long[] own = layer.serverPart(weights, x); // checks the weights' and the input's lengths
    long[] share;
    if (layer.encryptor() == RhombusPointwise.Encryptor.CLIENT) {
      share = computeAndSend(ch, node, layer, keys, weights, prg);
    } else {
      encryptAndSend(ch, node, layer, keys, weights);
      share = receiveAndDecrypt(ch, node, layer, keys, margin);
    }
    long mask = keys.ctx().params().tMask();
    int hw = layer.shape().outH() * layer.shape().outW();
    if (bias != null && bias.length != layer.shape().co()) {
      throw new IllegalArgumentException(bias.length + " biases for " + layer.shape().co() + " output channels");
    }
    for (int i = 0; i < share.length; i++) {
      share[i] = (share[i] + own[i] + (bias == null ? 0 : bias[i / hw])) & mask;
    }
    return share;
  }

  private static int inCount(RhombusPointwise layer) {
    return layer.encryptor() == RhombusPointwise.Encryptor.CLIENT ? layer.clientToServer() : layer.serverToClient();
  }

  private static void encryptAndSend(Channel ch, int node, RhombusPointwise layer, RhombusKeys keys, long[] own) {
    if (keys.encryptor() == null) {
      throw new IllegalStateException("node " + node + ": no own Rhombus key to encrypt with (setup made none)");
    }
    RnsWire wire = new RnsWire(keys.ctx().params());
    List<RnsSeededCiphertext> cts = layer.encrypt(own, keys.encryptor());
    int sb = wire.seededBytes();
    byte[] up = new byte[Math.multiplyExact(cts.size(), sb)];
    for (int i = 0; i < cts.size(); i++) {
      System.arraycopy(wire.write(cts.get(i)), 0, up, i * sb, sb);
    }
    ch.send(inLabel(node), up);
    ch.flush();
  }

  private static long[] computeAndSend(Channel ch, int node, RhombusPointwise layer, RhombusKeys keys, long[] own, Prg prg) {
    if (keys.peerKeys() == null || keys.peerZeros() == null) {
      throw new IllegalStateException("node " + node + ": no Galois or public keys of the peer (setup received none)");
    }
    RnsParams params = keys.ctx().params();
    RnsWire wire = new RnsWire(params);
    int sb = wire.seededBytes();
    byte[] up = ch.receive(inLabel(node), Math.multiplyExact(inCount(layer), sb));
    List<RnsCiphertext> in = new ArrayList<>(inCount(layer));
    for (int i = 0; i < inCount(layer); i++) {
      in.add(wire.readSeeded(Arrays.copyOfRange(up, i * sb, (i + 1) * sb)).expand(params));
    }
    RhombusPointwise.Masked m = layer.compute(
        own, in, keys.peerKeys(), keys.peerZeros(), RhombusPointwise.cheetahFloodBits(layer.outputParams()), prg);
    ch.send(outLabel(node), new RhombusOutputWire(layer.outputParams(), layer.matMul()).write(m.outputs()));
    ch.flush();
    return m.share();
  }

  private static long[] receiveAndDecrypt(Channel ch, int node, RhombusPointwise layer, RhombusKeys keys, double[] margin) {
    if (keys.decryptor() == null) {
      throw new IllegalStateException("node " + node + ": no own Rhombus key to decrypt with (setup made none)");
    }
    RhombusOutputWire wire = new RhombusOutputWire(layer.outputParams(), layer.matMul());
    List<RnsCiphertext> out = wire.read(ch.receive(outLabel(node), wire.bytes()));
    return layer.decrypt(out, keys.decryptor(), margin);
  }
}
