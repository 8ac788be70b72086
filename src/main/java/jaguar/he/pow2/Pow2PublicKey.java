package jaguar.he.pow2;

import jaguar.he.PackedBits;
import jaguar.he.SecretKey;
import jaguar.he.WireFormatException;
import jaguar.math.CrtMultiplier;
import jaguar.math.Prg;
import jaguar.math.Sampler;

/**
 * A public key of BFV over Z_{2^Q}: pk = (p0, p1) = (-(a*s) + e, a) mod q with a uniform (expanded
 * from a seed, so the key travels as p0 plus 16 bytes) and e discrete Gaussian. Anyone holding it
 * can make encryptions of zero ({@link Pow2ZeroEncryptor}); the server uses them to re-randomise
 * its outputs before they go back to the client. The product a*s is exact (CRT over two NTT
 * primes): the power-of-two ring has no NTT of its own.
 */
public final class Pow2PublicKey {
  private final Pow2Params params;
  private final long[] p0;
  private final byte[] seed;

  private Pow2PublicKey(Pow2Params params, long[] p0, byte[] seed) {
    this.params = params;
    this.p0 = p0;
    this.seed = seed.clone();
  }

  /** A fresh public key for the client's secret key; prg supplies the seed of a and the error. */
  public static Pow2PublicKey generate(Pow2Params params, SecretKey key, Prg prg) {
    int n = params.degree();
    if (key.degree() != n) {
      throw new IllegalArgumentException("key degree " + key.degree() + " != N=" + n);
    }
    byte[] seed = prg.nextSeed();
    long[] a = Pow2SeededCiphertext.uniformPart(seed, params);
    long[] p0 = new long[n];
    params.multiplier().multiplyInto(a, params.multiplier().prepare(key.coefficients()), p0);
    long qMask = params.qMask();
    for (int i = 0; i < n; i++) {
      p0[i] = (Sampler.gaussian(prg) - p0[i]) & qMask;
    }
    return new Pow2PublicKey(params, p0, seed);
  }

  public Pow2Params params() {
    return params;
  }

  /** A copy of p0 = -(a*s) + e, in [0, q). */
  public long[] p0() {
    return p0.clone();
  }

  /** p1 = a, expanded from the seed, in [0, q). */
  public long[] p1() {
    return Pow2SeededCiphertext.uniformPart(seed, params);
  }

  /** Bytes of the serialized key: p0 at Q bits per coefficient, then the 16-byte seed of p1. */
  public static int bytes(Pow2Params params) {
    return PackedBits.bytes(params.degree(), params.logQ()) + Prg.SEED_BYTES;
  }

  /** The key as the client sends it (13,840 bytes at N = 2048, Q = 54). */
  public byte[] toBytes() {
    byte[] out = new byte[bytes(params)];
    int o = PackedBits.pack(p0, params.logQ(), out, 0);
    System.arraycopy(seed, 0, out, o, Prg.SEED_BYTES);
    return out;
  }

  /** @throws WireFormatException if the length or padding is wrong */
  public static Pow2PublicKey fromBytes(Pow2Params params, byte[] in) {
    if (in.length != bytes(params)) {
      throw new WireFormatException(
          "pow2 public key: expected " + bytes(params) + " bytes for " + params + ", got " + in.length);
    }
    long[] p0 = new long[params.degree()];
    int o = PackedBits.unpack(in, 0, params.logQ(), p0);
    byte[] seed = new byte[Prg.SEED_BYTES];
    System.arraycopy(in, o, seed, 0, Prg.SEED_BYTES);
    return new Pow2PublicKey(params, p0, seed);
  }

  /** The key's two components in the form {@link CrtMultiplier} products need. */
  CrtMultiplier.Operand[] operands() {
    CrtMultiplier m = params.multiplier();
    return new CrtMultiplier.Operand[] {m.prepare(centred(p0)), m.prepare(centred(p1()))};
  }

  private long[] centred(long[] a) {
    int unused = 64 - params.logQ();
    long[] c = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = (a[i] << unused) >> unused;
    }
    return c;
  }
}
