package jaguar.he.rns;

import jaguar.he.PackedBits;
import jaguar.he.SecretKey;
import jaguar.he.WireFormatException;
import jaguar.math.Modulus;
import jaguar.math.Prg;
import jaguar.math.Sampler;

/**
 * A public key of BFV over an RNS modulus: pk = (p0, p1) = (-(a*s) + e, a) mod q, limb by limb,
 * with a uniform (expanded from a seed) and e discrete Gaussian. Its restriction to the first k
 * limbs ({@link #prefix}) is a public key for the modulus of those limbs, which is how a ciphertext
 * switched down to one prime is re-randomised (SEAL's {@code encrypt_zero} at a lower level).
 */
public final class RnsPublicKey {
  private final RnsParams params;
  private final long[][] p0;
  private final long[][] p1;
  private final byte[] seed;

  private RnsPublicKey(RnsParams params, long[][] p0, long[][] p1, byte[] seed) {
    this.params = params;
    this.p0 = p0;
    this.p1 = p1;
    this.seed = seed;
  }

  /** A fresh public key for the client's secret key. */
  public static RnsPublicKey generate(RnsParams params, SecretKey key, Prg prg) {
    RnsSecret s = new RnsSecret(params, key);
    byte[] seed = prg.nextSeed();
    long[][] a = RnsSeededCiphertext.uniformPart(seed, params);
    long[] e = new long[params.degree()];
    Sampler.gaussian(prg, e);
    long[][] p0 = new long[params.limbs()][params.degree()];
    for (int l = 0; l < params.limbs(); l++) {
      Modulus m = params.modulus(l);
      s.multiplyInto(l, a[l], p0[l]);
      for (int i = 0; i < e.length; i++) {
        p0[l][i] = m.sub(m.reduceSigned(e[i]), p0[l][i]);
      }
    }
    return new RnsPublicKey(params, p0, a, seed);
  }

  public RnsParams params() {
    return params;
  }

  /** p0 of limb l (the key's own storage: do not modify), values in [0, p_l). */
  long[] p0(int limb) {
    return p0[limb];
  }

  /** p1 = a of limb l (the key's own storage), values in [0, p_l). */
  long[] p1(int limb) {
    return p1[limb];
  }

  /**
   * The key restricted to the first limbs of its modulus, as a key for {@code target}.
   *
   * @throws IllegalArgumentException if target's primes are not a prefix of this key's
   */
  public RnsPublicKey prefix(RnsParams target) {
    if (target.degree() != params.degree() || target.limbs() > params.limbs()) {
      throw new IllegalArgumentException(target + " is not a prefix of " + params);
    }
    for (int l = 0; l < target.limbs(); l++) {
      if (target.modulus(l).value() != params.modulus(l).value()) {
        throw new IllegalArgumentException(target + " is not a prefix of " + params);
      }
    }
    int k = target.limbs();
    return new RnsPublicKey(
        target, java.util.Arrays.copyOf(p0, k), java.util.Arrays.copyOf(p1, k), seed);
  }

  /** Bytes of the serialized key: p0 limb by limb at each prime's bit size, then the seed of p1. */
  public static int bytes(RnsParams params) {
    int b = Prg.SEED_BYTES;
    for (int l = 0; l < params.limbs(); l++) {
      b += PackedBits.bytes(params.degree(), params.modulus(l).bits());
    }
    return b;
  }

  public byte[] toBytes() {
    byte[] out = new byte[bytes(params)];
    int o = 0;
    for (int l = 0; l < params.limbs(); l++) {
      o = PackedBits.pack(p0[l], params.modulus(l).bits(), out, o);
    }
    System.arraycopy(seed, 0, out, o, Prg.SEED_BYTES);
    return out;
  }

  /** @throws WireFormatException on a wrong length, padding or a coefficient not below its prime */
  public static RnsPublicKey fromBytes(RnsParams params, byte[] in) {
    if (in.length != bytes(params)) {
      throw new WireFormatException(
          "rns public key: expected " + bytes(params) + " bytes for " + params + ", got " + in.length);
    }
    long[][] p0 = new long[params.limbs()][params.degree()];
    int o = 0;
    for (int l = 0; l < params.limbs(); l++) {
      o = PackedBits.unpack(in, o, params.modulus(l).bits(), p0[l]);
      for (long v : p0[l]) {
        if (v >= params.modulus(l).value()) {
          throw new WireFormatException("rns public key: coefficient " + v + " not below its prime");
        }
      }
    }
    byte[] seed = new byte[Prg.SEED_BYTES];
    System.arraycopy(in, o, seed, 0, Prg.SEED_BYTES);
    return new RnsPublicKey(params, p0, RnsSeededCiphertext.uniformPart(seed, params), seed);
  }
}
