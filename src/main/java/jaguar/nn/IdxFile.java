package jaguar.nn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file of unsigned bytes (the MNIST / Fashion-MNIST format), plain or gzip'ed: magic {@code
 * 00 00 08 d}, d big-endian 32-bit dimensions, then the bytes in row-major order. Other element
 * types, short files and trailing bytes are errors naming the file.
 *
 * @param dims the dimensions, e.g. {@code [10000, 28, 28]}
 * @param data the values, 0 to 255 stored in bytes (read with {@code & 0xff})
 */
public record IdxFile(int[] dims, byte[] data) {
  public IdxFile {
    dims = dims.clone();
  }

  @Override
  public int[] dims() {
    return dims.clone();
  }

  public int dim(int i) {
    return dims[i];
  }

  public static IdxFile read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** Parses IDX bytes (gzip'ed when they start with the gzip magic); {@code origin} names them in errors. */
  public static IdxFile parse(byte[] raw, String origin) throws IOException {
    byte[] b = raw;
    if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        b = in.readAllBytes();
      } catch (IOException e) {
        throw new IOException(origin + ": not a valid gzip file: " + e.getMessage(), e);
      }
    }
    if (b.length < 4 || b[0] != 0 || b[1] != 0) {
      throw new IOException(origin + ": not an IDX file (magic must start with 00 00)");
    }
    if ((b[2] & 0xff) != 0x08) {
      throw new IOException(origin + ": IDX element type 0x" + Integer.toHexString(b[2] & 0xff)
          + " is not supported; valid: 0x08 (unsigned byte)");
    }
    int d = b[3] & 0xff;
    if (d < 1 || b.length < 4 + 4 * d) {
      throw new IOException(origin + ": IDX header with " + d + " dimensions is truncated");
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    int[] dims = new int[d];
    long n = 1;
    for (int i = 0; i < d; i++) {
      dims[i] = buf.getInt(4 + 4 * i);
      if (dims[i] < 0) {
        throw new IOException(origin + ": negative IDX dimension " + dims[i]);
      }
      n *= dims[i];
    }
    long have = b.length - 4L - 4L * d;
    if (have != n) {
      throw new IOException(origin + ": IDX dimensions " + Arrays.toString(dims) + " need " + n
          + " data bytes, the file has " + have);
    }
    return new IdxFile(dims, Arrays.copyOfRange(b, 4 + 4 * d, b.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxFile f && Arrays.equals(f.dims, dims) && Arrays.equals(f.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "IdxFile" + Arrays.toString(dims);
  }
}
