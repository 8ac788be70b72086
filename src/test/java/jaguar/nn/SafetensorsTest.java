package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.Prg;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  /** A safetensors file with the given JSON header and data bytes. */
  static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(h.length).put(h).put(data).array();
  }

  @Test
  void roundTripsAModelAndLoadsItByName(@TempDir Path dir) throws Exception {
    Model m = ModelZoo.get("resnet8-fmnist");
    Weights w = SyntheticWeights.realistic(m, Prg.insecureSeeded(1), 2);
    Path p = dir.resolve("w.safetensors");
    Safetensors.write(p, w.asMap(), Map.of("note", "test \"quoted\""));
    Weights back = Safetensors.load(m, p);
    for (ParameterSpec s : m.parameterSpecs()) {
      assertThat(back.data(s.name())).containsExactly(w.data(s.name()));
    }
    assertThat(Files.size(p) % 4).isZero();
  }

  @Test
  void readsOtherDtypesAndIgnoresNumBatchesTracked() {
    ByteBuffer d = ByteBuffer.allocate(8 + 4 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
    d.putDouble(-2.5);
    d.putShort((short) 0x3c00).putShort((short) 0xc000); // F16 1.0, -2.0
    d.putShort((short) 0x3f80).putShort((short) 0x4040); // BF16 1.0, 3.0
    d.putLong(7);
    String h = "{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[8,12]},"
        + "\"c\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[12,16]},"
        + "\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]}}";
    Map<String, Tensor> t = Safetensors.parse(file(h, d.array()), "x");
    assertThat(t.get("a").data()).containsExactly(-2.5f);
    assertThat(t.get("b").data()).containsExactly(1f, -2f);
    assertThat(t.get("c").data()).containsExactly(1f, 3f);
    assertThat(t.get("bn.num_batches_tracked").shape()).isEmpty();
    assertThat(t.get("bn.num_batches_tracked").data()).containsExactly(7f);
  }

  @Test
  void reportsMissingExtraAndMisShapedTensorsByName(@TempDir Path dir) throws Exception {
    Model m = ModelZoo.get("resnet8-fmnist");
    Map<String, Tensor> t = new LinkedHashMap<>(SyntheticWeights.initial(m, Prg.insecureSeeded(2)).asMap());
    t.remove("layer2.0.bn1.running_var");
    t.put("layer1.0.conv2.weight", Tensor.zeros(16, 16, 5, 5));
    t.put("fc2.weight", Tensor.zeros(3));
    t.put("bn1.num_batches_tracked", Tensor.zeros());
    Path p = dir.resolve("bad.safetensors");
    Safetensors.write(p, t, null);
    assertThatThrownBy(() -> Safetensors.load(m, p))
        .hasMessageContaining("bad.safetensors")
        .hasMessageContaining("missing tensor 'layer2.0.bn1.running_var' (expected shape [32])")
        .hasMessageContaining("tensor 'layer1.0.conv2.weight' has shape [16, 16, 5, 5], expected [16, 16, 3, 3]")
        .hasMessageContaining("extra tensor 'fc2.weight'")
        .hasMessageNotContaining("num_batches_tracked");
  }

  @Test
  void corruptFilesFailWithAClearMessage() {
    byte[] good = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
    assertThat(Safetensors.parse(good, "ok").get("a").shape()).containsExactly(2);
    assertThatThrownBy(() -> Safetensors.parse(new byte[5], "f.st")).hasMessageContaining("f.st")
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> Safetensors.parse(Arrays.copyOf(good, 30), "f.st"))
        .hasMessageContaining("header length");
    assertThatThrownBy(() -> Safetensors.parse(Arrays.copyOf(good, good.length - 4), "f.st"))
        .hasMessageContaining("tensor 'a'").hasMessageContaining("beyond the data");
    assertThatThrownBy(() -> Safetensors.parse(file("{\"a\":{\"dtype\":\"F32\",", new byte[8]), "f.st"))
        .hasMessageContaining("bad JSON");
    assertThatThrownBy(() -> Safetensors.parse(
        file("{\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]}}", new byte[8]), "f.st"))
        .hasMessageContaining("dtype U8 is not supported");
    assertThatThrownBy(() -> Safetensors.parse(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "f.st"))
        .hasMessageContaining("needs 12 bytes");
    assertThatThrownBy(() -> Safetensors.parse(file(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "f.st"))
        .hasMessageContaining("overlap");
    assertThatThrownBy(() -> Safetensors.parse(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", new byte[8]), "f.st"))
        .hasMessageContaining("data_offsets");
    assertThatThrownBy(() -> Safetensors.parse(file("[1, 2]", new byte[0]), "f.st"))
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void jsonReaderIsStrict() {
    assertThat(Json.parse(" {\"a\": [1, -2.5e1, true, null, \"x\\u0041\\n\"]} "))
        .isEqualTo(Map.of("a", Arrays.asList(1L, -25.0, true, null, "xA\n")));
    assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key");
    assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).hasMessageContaining("after the JSON value");
    assertThatThrownBy(() -> Json.parse("{'a':1}")).hasMessageContaining("offset 1");
  }
}
