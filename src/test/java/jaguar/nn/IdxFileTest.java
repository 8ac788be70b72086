package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
  static byte[] idx(int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  static byte[] gzip(byte[] raw) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  @Test
  void readsPlainAndGzippedFiles(@TempDir Path dir) throws Exception {
    byte[] data = new byte[2 * 28 * 28];
    data[5] = (byte) 255;
    data[784 + 3] = (byte) 128;
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(new int[] {2, 28, 28}, data)));
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(new int[] {2}, new byte[] {9, 0})));
    IdxFile plain = IdxFile.parse(idx(new int[] {2}, new byte[] {9, 0}), "labels");
    assertThat(plain.dims()).containsExactly(2);
    FashionMnist set = FashionMnist.load(dir, "train");
    assertThat(set.count()).isEqualTo(2);
    assertThat(set.labels()).containsExactly(9, 0);
    assertThat(set.image(0)[5]).isCloseTo((1f - FashionMnist.MEAN) / FashionMnist.STD,
        org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(set.image(1)[0]).isCloseTo(-FashionMnist.MEAN / FashionMnist.STD,
        org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void badFilesFailNamingTheProblem(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> IdxFile.parse(new byte[] {1, 2, 3, 4}, "x.idx")).hasMessageContaining("x.idx")
        .hasMessageContaining("magic");
    byte[] ints = idx(new int[] {1}, new byte[] {0});
    ints[2] = 0x0c;
    assertThatThrownBy(() -> IdxFile.parse(ints, "x.idx")).hasMessageContaining("0xc");
    assertThatThrownBy(() -> IdxFile.parse(idx(new int[] {3, 2}, new byte[5]), "x.idx"))
        .hasMessageContaining("need 6 data bytes, the file has 5");
    assertThatThrownBy(() -> IdxFile.parse(new byte[] {0x1f, (byte) 0x8b, 1}, "z.gz"))
        .hasMessageContaining("gzip");
    assertThatThrownBy(() -> FashionMnist.load(dir, "test")).hasMessageContaining("make data");
    assertThatThrownBy(() -> FashionMnist.of(IdxFile.parse(idx(new int[] {1, 28, 28}, new byte[784]), "i"),
        IdxFile.parse(idx(new int[] {1}, new byte[] {10}), "l"), "i"))
        .hasMessageContaining("label 10");
  }

  @Test
  void readsTheInstalledFashionMnistTestSet() throws Exception {
    Path dir = Path.of(FashionMnist.DEFAULT_DIR);
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir),
        "Fashion-MNIST is not installed; 'make data' installs it (make test does)");
    FashionMnist test = FashionMnist.load(dir, "test");
    assertThat(test.count()).isEqualTo(10_000);
    int[] perClass = new int[10];
    for (int y : test.labels()) {
      perClass[y]++;
    }
    assertThat(perClass).containsOnly(1000);
  }
}
