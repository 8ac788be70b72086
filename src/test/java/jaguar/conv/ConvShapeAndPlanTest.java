package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConvShapeAndPlanTest {
  @Test
  void shapesKnowTheirOutputAndType() {
    ConvShape conv1 = new ConvShape(224, 224, 3, 64, 7, 2, 3, 1);
    assertThat(conv1.outH()).isEqualTo(112);
    assertThat(conv1.type()).isEqualTo(ConvType.DENSE);
    assertThat(new ConvShape(7, 7, 512, 2048, 1, 1, 0, 1).type()).isEqualTo(ConvType.POINTWISE);
    assertThat(new ConvShape(56, 56, 144, 144, 3, 2, 1, 144).type()).isEqualTo(ConvType.DEPTHWISE);
    assertThat(new ConvShape(56, 56, 144, 144, 3, 2, 1, 144).outH()).isEqualTo(28);
    assertThat(new ConvShape(8, 8, 4, 8, 3, 1, 1, 2).type()).isEqualTo(ConvType.GROUPED);
    assertThat(new ConvShape(13, 13, 7, 5, 3, 2, 1, 1).outW()).isEqualTo(7);
  }

  @Test
  void impossibleShapesNameTheFieldAndWhatIsValid() {
    assertThatThrownBy(() -> new ConvShape(13, 13, 7, 5, 0, 1, 1, 1))
        .isInstanceOf(ConvOptionException.class)
        .hasMessage("k: value 0 is not valid; valid: 1..16384");
    assertThatThrownBy(() -> new ConvShape(13, 13, 4, 6, 3, 1, 1, 3))
        .hasMessage("groups: value 3 is not valid; valid: a divisor of ci=4");
    assertThatThrownBy(() -> new ConvShape(4, 4, 2, 2, 7, 1, 1, 1))
        .hasMessageContaining("k: value 7").hasMessageContaining("padded input size");
    assertThatThrownBy(() -> new ConvShape(4, 4, 2, 2, 3, 1, -1, 1)).hasMessageStartingWith("pad: value -1");
    assertThatThrownBy(() -> new ConvShape(4, 4, 2, 3, 1, 1, 0, 2)).hasMessageContaining("divisor of co=3");
    ConvOptionException e = new ConvOptionException("stride", 0, "1..");
    assertThat(e.field()).isEqualTo("stride");
  }

  @Test
  void smallImagesArePackedLargeOnesSplit() {
    ConvPlan packed = ConvPlan.of(new ConvShape(14, 14, 256, 256, 3, 1, 1, 1), 2048, ConvProtocol.JAGUAR, Layout.AUTO);
    assertThat(packed.layout()).isEqualTo(Layout.PACKED);
    assertThat(packed.blockChannels()).isEqualTo(2048 / (16 * 16));
    assertThat(packed.ciphertextsIn()).isEqualTo(32);
    assertThat(packed.ciphertextsOut()).isEqualTo(256);
    assertThat(packed.taps()).isEqualTo(256L * 256 * 9);
    assertThat(packed.explain()).contains("layout=packed", "cts_in=32", "cts_out=256", "fits N=2048");

    ConvPlan split = ConvPlan.of(new ConvShape(56, 56, 64, 64, 3, 1, 1, 1), 2048, ConvProtocol.JAGUAR, Layout.AUTO);
    assertThat(split.layout()).isEqualTo(Layout.SPLIT);
    assertThat(split.tiles()).isEqualTo(2);
    assertThat((long) split.blockChannels() * split.blockRows() * split.blockCols()).isLessThanOrEqualTo(2048);
    assertThat(split.explain()).contains("exceeds N=2048", "overlapping by k-1=2");
    // Cheetah's ring is twice as large: the same image fits one ciphertext
    ConvPlan cheetah = ConvPlan.of(new ConvShape(56, 56, 64, 64, 3, 1, 1, 1), 4096, ConvProtocol.CHEETAH, Layout.AUTO);
    assertThat(cheetah.layout()).isEqualTo(Layout.PACKED);
    assertThat(cheetah.products()).isEqualTo(64L * 64);
  }

  @Test
  void forcedLayoutsThatCannotWorkAreErrors() {
    ConvShape big = new ConvShape(56, 56, 4, 4, 3, 1, 1, 1);
    assertThatThrownBy(() -> ConvPlan.of(big, 2048, ConvProtocol.JAGUAR, Layout.PACKED))
        .isInstanceOf(ConvOptionException.class)
        .hasMessageContaining("layout: value packed")
        .hasMessageContaining("58 x 58 = 3364 coefficients) exceeds N=2048");
    ConvShape tiny = new ConvShape(3, 3, 4, 4, 3, 1, 0, 1);
    assertThatThrownBy(() -> ConvPlan.of(tiny, 2048, ConvProtocol.JAGUAR, Layout.SPLIT))
        .hasMessageContaining("single k x k tile");
    assertThatThrownBy(() -> ConvPlan.of(new ConvShape(20, 20, 1, 1, 7, 1, 0, 1), 32, ConvProtocol.JAGUAR, Layout.AUTO))
        .hasMessageContaining("k*k <= N=32");
    assertThat(ConvPlan.of(new ConvShape(14, 14, 4, 4, 3, 1, 1, 1), 2048, ConvProtocol.JAGUAR, Layout.SPLIT).tiles())
        .isGreaterThan(1);
  }

  @Test
  void depthwiseOutputsReadOneBlockAndBlocksStillPackChannels() {
    ConvShape dw = new ConvShape(14, 14, 96, 96, 3, 1, 1, 96);
    for (ConvProtocol p : ConvProtocol.values()) {
      int n = p.powerOfTwo() ? 2048 : 4096;
      ConvPlan plan = ConvPlan.of(dw, n, p, Layout.AUTO);
      assertThat(plan.blockChannels()).isGreaterThan(1);
      for (int m = 0; m < 96; m++) {
        assertThat(plan.lastBlock(m)).isEqualTo(plan.firstBlock(m));
        assertThat(plan.firstBlock(m)).isEqualTo(m / plan.blockChannels());
      }
      assertThat(plan.products()).isEqualTo(96L * plan.tiles());
      assertThat(plan.explain()).contains("depthwise");
    }
  }

  @Test
  void thePlannerMinimisesWhatEachKernelPays() {
    // SPA-Conv pays per tap and tile: one tile; Cheetah pays per product: fewest blocks*tiles
    ConvShape s = new ConvShape(28, 28, 128, 128, 3, 1, 1, 1);
    ConvPlan jaguar = ConvPlan.of(s, 2048, ConvProtocol.JAGUAR, Layout.AUTO);
    ConvPlan cheetah = ConvPlan.of(s, 4096, ConvProtocol.CHEETAH, Layout.AUTO);
    assertThat(jaguar.tiles()).isEqualTo(1);
    for (int cw = 1; cw <= 128; cw++) {
      if (cw * 30 * 30 <= 4096) {
        assertThat(cheetah.products()).isLessThanOrEqualTo(128L * ((128 + cw - 1) / cw));
      }
    }
    assertThat(cheetah.blockChannels()).isEqualTo(4096 / (30 * 30));
  }
}
