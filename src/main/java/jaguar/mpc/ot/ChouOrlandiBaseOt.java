package jaguar.mpc.ot;

import jaguar.math.Prg;
import jaguar.net.ProtocolException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Chou and Orlandi's "simplest" OT (Latincrypt 2015) over NIST P-256 (BouncyCastle's curve
 * arithmetic), semi-honest, for the base OTs of an OT extension. With {@code n} transfers:
 *
 * <ol>
 *   <li>sender: random a, sends A = aG (33 bytes);
 *   <li>receiver, for each i with choice c_i: random b_i, sends B_i = b_i G + c_i A (33 bytes
 *       each) and keeps k_i = KDF(i, A, B_i, b_i A);
 *   <li>sender: k_i^0 = KDF(i, A, B_i, a B_i), k_i^1 = KDF(i, A, B_i, a B_i - a A).
 * </ol>
 *
 * Keys are 128-bit blocks (two longs). The KDF is SHA-256 truncated to 16 bytes. Points from the
 * peer are checked to be on the curve and not the identity.
 */
public final class ChouOrlandiBaseOt {
  static final int POINT_BYTES = 33;
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECCurve CURVE = P256.getCurve();
  private static final BigInteger ORDER = P256.getN();

  private ChouOrlandiBaseOt() {}

  /** The sender's state between its two steps. */
  public static final class Sender {
    private final BigInteger a;
    private final ECPoint bigA;
    private final byte[] encodedA;

    /** Step 1: draws a and returns A's encoding, to send. */
    public Sender(Prg prg) {
      a = scalar(prg);
      bigA = P256.getG().multiply(a).normalize();
      encodedA = bigA.getEncoded(true);
    }

    public byte[] firstMessage() {
      return encodedA.clone();
    }

    /**
     * Step 3: from the receiver's {@code n} points, returns the keys: {@code keys[0]} the
     * 2n longs of k^0, {@code keys[1]} those of k^1.
     */
    public long[][] keys(byte[] receiverMessage, int n) {
      if (receiverMessage.length != n * POINT_BYTES) {
        throw new ProtocolException("base OT: receiver message has " + receiverMessage.length + " bytes, expected " + n * POINT_BYTES);
      }
      ECPoint aA = bigA.multiply(a).normalize();
      long[] k0 = new long[2 * n];
      long[] k1 = new long[2 * n];
      byte[] encoded = new byte[POINT_BYTES];
      for (int i = 0; i < n; i++) {
        System.arraycopy(receiverMessage, i * POINT_BYTES, encoded, 0, POINT_BYTES);
        ECPoint b = decode(encoded, i);
        ECPoint aB = b.multiply(a).normalize();
        kdf(i, encodedA, encoded, aB, k0, 2 * i);
        kdf(i, encodedA, encoded, aB.subtract(aA).normalize(), k1, 2 * i);
      }
      return new long[][] {k0, k1};
    }
  }

  /**
   * Step 2 (receiver): from the sender's A and the choices (0 or 1 each), returns the message to
   * send (n points) and writes the receiver's keys (2n longs) into {@code keysOut}.
   */
  public static byte[] respond(byte[] senderMessage, byte[] choices, Prg prg, long[] keysOut) {
    if (senderMessage.length != POINT_BYTES) {
      throw new ProtocolException("base OT: sender message has " + senderMessage.length + " bytes, expected " + POINT_BYTES);
    }
    ECPoint bigA = decode(senderMessage, -1);
    int n = choices.length;
    byte[] out = new byte[n * POINT_BYTES];
    for (int i = 0; i < n; i++) {
      BigInteger b = scalar(prg);
      ECPoint bG = P256.getG().multiply(b);
      ECPoint bigB = (choices[i] == 0 ? bG : bG.add(bigA)).normalize();
      byte[] encodedB = bigB.getEncoded(true);
      System.arraycopy(encodedB, 0, out, i * POINT_BYTES, POINT_BYTES);
      kdf(i, senderMessage, encodedB, bigA.multiply(b).normalize(), keysOut, 2 * i);
    }
    return out;
  }

  private static BigInteger scalar(Prg prg) {
    byte[] r = new byte[40];
    prg.nextBytes(r);
    BigInteger s = new BigInteger(1, r).mod(ORDER.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    return s;
  }

  private static ECPoint decode(byte[] encoded, int index) {
    try {
      ECPoint p = CURVE.decodePoint(encoded).normalize();
      if (p.isInfinity() || !p.isValid()) {
        throw new IllegalArgumentException("not a valid curve point");
      }
      return p;
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          "base OT: the peer sent a malformed curve point" + (index >= 0 ? " (#" + index + ")" : "") + ": " + e.getMessage(), e);
    }
  }

  private static void kdf(int index, byte[] a, byte[] b, ECPoint shared, long[] out, int offset) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ByteBuffer.allocate(4).putInt(index).array());
      sha.update(a);
      sha.update(b);
      sha.update(shared.getEncoded(true));
      ByteBuffer h = ByteBuffer.wrap(sha.digest()).order(ByteOrder.LITTLE_ENDIAN);
      out[offset] = h.getLong();
      out[offset + 1] = h.getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
