package jaguar.protocol;

import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Encryptor;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Plaintext;
import jaguar.he.pow2.Pow2Wire;
import jaguar.he.pow2.Pow2ZeroPool;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsPlaintext;
import jaguar.he.rns.RnsWire;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Prg;
import jaguar.share.CheetahBoundary;
import jaguar.share.CheetahExporter;
import jaguar.share.CheetahImporter;
import jaguar.share.ExportLayout;
import jaguar.share.JaguarBoundary;
import jaguar.share.JaguarExporter;
import jaguar.share.JaguarImporter;
import jaguar.share.ServerExport;
import java.util.Arrays;
import java.util.List;

/** The two HE schemes of a secure inference, each with its client and server side. */
final class HeSchemes {
  private HeSchemes() {}

  /** Jaguar's client: power-of-two BFV, reconstruction by the auxiliary-prime NTT, truncation by the decode. */
  static final class Pow2Client implements ClientHe {
    private final Pow2Wire wire;
    private final Pow2Encryptor encryptor;
    private final JaguarBoundary boundary;
    private final JaguarImporter importer;

    Pow2Client(JaguarBoundary boundary, SecretKey key, Prg prg) {
      Pow2Params p = boundary.params();
      this.boundary = boundary;
      this.wire = new Pow2Wire(p);
      this.encryptor = new Pow2Encryptor(p, key, prg);
      this.importer = new JaguarImporter(boundary, key);
    }

    @Override
    public int seededBytes() {
      return wire.seededBytes();
    }

    @Override
    public void encrypt(long[] message, byte[] out, int offset) {
      byte[] b = wire.write(encryptor.encryptSeeded(message));
      System.arraycopy(b, 0, out, offset, b.length);
    }

    @Override
    public long messageBytes(ExportLayout layout) {
      return boundary.messageBytes(layout);
    }

    @Override
    public long[] importShares(byte[] message, ExportLayout layout, long[] seen) {
      long[] phases = importer.phases(message, layout);
      if (seen != null) {
        System.arraycopy(phases, 0, seen, 0, phases.length);
      }
      int shift = boundary.decodeShift();
      long mask = (1L << boundary.shareBits()) - 1;
      for (int i = 0; i < phases.length; i++) {
        phases[i] = (phases[i] >>> shift) & mask;
      }
      return phases;
    }

    @Override
    public int shareBits() {
      return boundary.shareBits();
    }
  }

  /** Jaguar's server: SPA-Conv or the NTT path per plan, pooled re-randomisation, truncation under HE. */
  static final class Pow2Server implements ServerHe<Pow2Ciphertext> {
    private final Pow2Params params;
    private final Pow2Wire wire;
    private final JaguarBoundary boundary;
    private final JaguarExporter exporter;

    /** @param pool the encryptions of zero made at setup, one per exported ciphertext of the run */
    Pow2Server(JaguarBoundary boundary, Pow2ZeroPool pool, Prg prg) {
      this.params = boundary.params();
      this.wire = new Pow2Wire(params);
      this.boundary = boundary;
      this.exporter = new JaguarExporter(boundary, pool::rerandomise, prg);
    }

    @Override
    public int seededBytes() {
      return wire.seededBytes();
    }

    @Override
    public Pow2Ciphertext read(byte[] in, int offset) {
      return wire.readSeeded(Arrays.copyOfRange(in, offset, offset + wire.seededBytes())).expand(params);
    }

    @Override
    public void addPlain(Pow2Ciphertext ct, long[] message) {
      Pow2Plaintext.addScaled(params, ct, message);
    }

    @Override
    public void addPlainAt(Pow2Ciphertext ct, int i, long v) {
      Pow2Plaintext.addScaledAt(params, ct, i, v);
    }

    @Override
    public long messageBytes(ExportLayout layout) {
      return boundary.messageBytes(layout);
    }

    @Override
    public ServerExport export(List<Pow2Ciphertext> outputs, ExportLayout layout, long[] seen) {
      return exporter.export(outputs, layout, seen);
    }

    @Override
    public int shareBits() {
      return boundary.shareBits();
    }
  }

  /** Cheetah's client: RNS BFV, decryption at the switched prime; shares at the product's scale. */
  static final class RnsClient implements ClientHe {
    private final RnsWire wire;
    private final RnsEncryptor encryptor;
    private final CheetahBoundary boundary;
    private final CheetahImporter importer;

    RnsClient(CheetahBoundary boundary, SecretKey key, Prg prg) {
      this.boundary = boundary;
      this.wire = new RnsWire(boundary.params());
      this.encryptor = new RnsEncryptor(boundary.params(), key, prg);
      this.importer = new CheetahImporter(boundary, key);
    }

    @Override
    public int seededBytes() {
      return wire.seededBytes();
    }

    @Override
    public void encrypt(long[] message, byte[] out, int offset) {
      byte[] b = wire.write(encryptor.encryptSeeded(message));
      System.arraycopy(b, 0, out, offset, b.length);
    }

    @Override
    public long messageBytes(ExportLayout layout) {
      return boundary.messageBytes(layout);
    }

    @Override
    public long[] importShares(byte[] message, ExportLayout layout, long[] seen) {
      return importer.decode(message, layout, seen);
    }

    @Override
    public int shareBits() {
      return boundary.shareBits();
    }
  }

  /** Cheetah's server: HomConv (either schedule) and HomFC, flooding export with an encryption of zero. */
  static final class RnsServer implements ServerHe<RnsCiphertext> {
    private final RnsParams params;
    private final RnsWire wire;
    private final CheetahBoundary boundary;
    private final CheetahExporter exporter;

    /** @param zeros encryptions of zero under the client's public key at the switched prime */
    RnsServer(CheetahBoundary boundary, RnsZeroEncryptor zeros, Prg prg) {
      this.params = boundary.params();
      this.wire = new RnsWire(params);
      this.boundary = boundary;
      this.exporter = new CheetahExporter(boundary, zeros, prg);
    }

    @Override
    public int seededBytes() {
      return wire.seededBytes();
    }

    @Override
    public RnsCiphertext read(byte[] in, int offset) {
      return wire.readSeeded(Arrays.copyOfRange(in, offset, offset + wire.seededBytes())).expand(params);
    }

    @Override
    public void addPlain(RnsCiphertext ct, long[] message) {
      RnsPlaintext.addScaled(params, ct, message);
    }

    @Override
    public void addPlainAt(RnsCiphertext ct, int i, long v) {
      RnsPlaintext.addScaledAt(params, ct, i, v);
    }

    @Override
    public long messageBytes(ExportLayout layout) {
      return boundary.messageBytes(layout);
    }

    @Override
    public ServerExport export(List<RnsCiphertext> outputs, ExportLayout layout, long[] low) {
      return exporter.export(outputs, layout);
    }

    @Override
    public int shareBits() {
      return boundary.shareBits();
    }
  }
}
