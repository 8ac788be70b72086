package jaguar.nn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes safetensors files: an 8-byte little-endian header length n, n bytes of JSON
 * mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets
 * relative to the data after the header) and an optional {@code "__metadata__"} of strings, then
 * the raw little-endian data. Reads F32, F64, F16, BF16 and I64 (converted to float); writes F32.
 *
 * <p>Every malformed file fails with a message naming the file and the problem: truncated file,
 * header length beyond the file, bad JSON, a missing or ill-typed field, an unsupported dtype,
 * offsets out of range, overlapping or not matching the shape.
 *
 * <p>From PyTorch (pip package {@code safetensors}):
 * <pre>
 * import torch, torchvision
 * from safetensors.torch import save_file
 * save_file(torchvision.models.resnet18(weights="DEFAULT").state_dict(), "resnet18.safetensors")
 * </pre>
 */
public final class Safetensors {
  private Safetensors() {}

  /** Reads a file's tensors by name, in header order. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** Reads a file and checks it against {@code model} (missing, extra, mis-shaped tensors by name). */
  public static Weights load(Model model, Path file) throws IOException {
    return Weights.forModel(model, read(file), file.toString());
  }

  /** Parses the bytes of a safetensors file; {@code origin} names it in errors. */
  public static Map<String, Tensor> parse(byte[] bytes, String origin) {
    if (bytes.length < 8) {
      throw bad(origin, "truncated: " + bytes.length + " bytes, a safetensors file starts with an 8-byte header length");
    }
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > bytes.length - 8L) {
      throw bad(origin, "header length " + n + " does not fit the file (" + bytes.length
          + " bytes; header must be 2 to " + (bytes.length - 8) + " bytes): truncated or not a safetensors file");
    }
    String text = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    Object header;
    try {
      header = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw bad(origin, "header: " + e.getMessage());
    }
    if (!(header instanceof Map<?, ?> entries)) {
      throw bad(origin, "header is not a JSON object");
    }
    int dataStart = 8 + (int) n;
    long dataLength = bytes.length - (long) dataStart;
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<long[]> ranges = new ArrayList<>();
    List<String> rangeNames = new ArrayList<>();
    for (Map.Entry<?, ?> e : entries.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        continue;
      }
      if (!(e.getValue() instanceof Map<?, ?> info)) {
        throw bad(origin, "tensor '" + name + "': entry is not an object");
      }
      Dtype dtype = Dtype.of(info.get("dtype"), origin, name);
      int[] shape = shape(info.get("shape"), origin, name);
      long[] range = offsets(info.get("data_offsets"), origin, name);
      if (range[1] > dataLength) {
        throw bad(origin, "tensor '" + name + "': data_offsets [" + range[0] + ", " + range[1]
            + "] lie beyond the data (" + dataLength + " bytes): file truncated?");
      }
      long elements = 1;
      for (int d : shape) {
        elements *= d;
      }
      if (elements * dtype.bytes != range[1] - range[0]) {
        throw bad(origin, "tensor '" + name + "': shape " + Tensor.show(shape) + " of " + dtype
            + " needs " + elements * dtype.bytes + " bytes, data_offsets give " + (range[1] - range[0]));
      }
      ranges.add(range);
      rangeNames.add(name);
      out.put(name, new Tensor(shape, dtype.decode(bytes, dataStart + (int) range[0], (int) elements)));
    }
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < ranges.size(); k++) {
      order.add(k);
    }
    order.sort(Comparator.comparingLong(k -> ranges.get(k)[0]));
    for (int k = 1; k < order.size(); k++) {
      long[] prev = ranges.get(order.get(k - 1));
      long[] cur = ranges.get(order.get(k));
      if (cur[0] < prev[1]) {
        throw bad(origin, "tensors '" + rangeNames.get(order.get(k - 1)) + "' and '"
            + rangeNames.get(order.get(k)) + "' overlap in the data");
      }
    }
    return out;
  }

  /** Writes tensors as F32 in the given order, with optional string metadata. */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    StringBuilder h = new StringBuilder("{");
    if (metadata != null && !metadata.isEmpty()) {
      h.append("\"__metadata__\":{");
      boolean first = true;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        h.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        first = false;
      }
      h.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (h.length() > 1) {
        h.append(',');
      }
      int[] shape = e.getValue().shape();
      StringBuilder s = new StringBuilder("[");
      for (int d = 0; d < shape.length; d++) {
        s.append(d == 0 ? "" : ",").append(shape[d]);
      }
      long end = offset + 4L * e.getValue().size();
      h.append(quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":").append(s).append("],")
          .append("\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    h.append('}');
    while ((h.length() + 8) % 8 != 0) {
      h.append(' ');
    }
    byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + head.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(head.length).put(head);
    for (Tensor t : tensors.values()) {
      for (float v : t.data()) {
        buf.putFloat(v);
      }
    }
    Files.write(file, buf.array());
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static IllegalArgumentException bad(String origin, String what) {
    return new IllegalArgumentException(origin + ": not a valid safetensors file: " + what);
  }

  private static int[] shape(Object v, String origin, String name) {
    if (!(v instanceof List<?> list)) {
      throw bad(origin, "tensor '" + name + "': 'shape' must be a list of integers, got " + v);
    }
    int[] shape = new int[list.size()];
    for (int d = 0; d < shape.length; d++) {
      if (!(list.get(d) instanceof Long x) || x < 0 || x > Integer.MAX_VALUE) {
        throw bad(origin, "tensor '" + name + "': shape entry " + list.get(d) + " is not a non-negative integer");
      }
      shape[d] = (int) (long) x;
    }
    return shape;
  }

  private static long[] offsets(Object v, String origin, String name) {
    if (!(v instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof Long b)
        || !(list.get(1) instanceof Long e) || b < 0 || e < b) {
      throw bad(origin, "tensor '" + name + "': 'data_offsets' must be [begin, end] with 0 <= begin <= end, got " + v);
    }
    return new long[] {b, e};
  }

  /** The element types this reader understands. */
  private enum Dtype {
    F32(4), F64(8), F16(2), BF16(2), I64(8);

    final int bytes;

    Dtype(int bytes) {
      this.bytes = bytes;
    }

    static Dtype of(Object v, String origin, String name) {
      for (Dtype d : values()) {
        if (d.name().equals(v)) {
          return d;
        }
      }
      throw bad(origin, "tensor '" + name + "': dtype " + v + " is not supported; valid: F32, F64, F16, BF16, I64");
    }

    float[] decode(byte[] b, int at, int n) {
      ByteBuffer buf = ByteBuffer.wrap(b, at, n * bytes).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[n];
      for (int k = 0; k < n; k++) {
        switch (this) {
          case F32 -> out[k] = buf.getFloat();
          case F64 -> out[k] = (float) buf.getDouble();
          case I64 -> out[k] = buf.getLong();
          case BF16 -> out[k] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
          case F16 -> out[k] = halfToFloat(buf.getShort());
        }
      }
      return out;
    }

    static float halfToFloat(short h) {
      int bits = h & 0xffff;
      int sign = (bits & 0x8000) << 16;
      int exp = (bits >>> 10) & 0x1f;
      int mant = bits & 0x3ff;
      if (exp == 0) {
        float v = mant * 0x1.0p-24f;
        return sign == 0 ? v : -v;
      }
      if (exp == 31) {
        return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
      }
      return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
  }
}
