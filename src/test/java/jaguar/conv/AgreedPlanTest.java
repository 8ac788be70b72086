package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A plan rebuilt from the geometry a server sends ({@link ConvPlan#agreed}) packs and extracts
 * exactly like the plan the server made, for every protocol and form on every paper shape; bad
 * geometry is refused naming the field.
 */
class AgreedPlanTest {
  @Test
  void everyPaperShapeRoundTrips() {
    int checked = 0;
    for (PaperShapes.Layer e : PaperShapes.all()) {
      ConvShape s = e.shape();
      for (ConvProtocol protocol : new ConvProtocol[] {ConvProtocol.JAGUAR, ConvProtocol.JAGUAR_NTT, ConvProtocol.CHEETAH, ConvProtocol.CHEETAH_NTT}) {
        int n = protocol.powerOfTwo() ? 2048 : 4096;
        for (StrideForm form : Polyphase.applies(s) ? new StrideForm[] {StrideForm.DIRECT, StrideForm.POLYPHASE} : new StrideForm[] {StrideForm.DIRECT}) {
          ConvPlan p = ConvPlan.of(s, n, protocol, Layout.AUTO, form);
          ConvPlan q = ConvPlan.agreed(s, n, p.protocol(), p.polyphase(), p.blockChannels(), p.blockRows(), p.blockCols(), false);
          assertThat(q.toString()).isEqualTo(p.toString());
          assertThat(q.outputOffset()).isEqualTo(p.outputOffset());
          assertThat(q.products()).isEqualTo(p.products());
          assertThat(q.shape()).isEqualTo(p.shape());
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(400);
  }

  @Test
  void badGeometryIsRefusedByName() {
    ConvShape s = new ConvShape(56, 56, 64, 64, 3, 1, 1, 1);
    assertThatThrownBy(() -> ConvPlan.agreed(s, 2048, ConvProtocol.JAGUAR, false, 1, 58, 58, false))
        .isInstanceOf(ConvOptionException.class).hasMessageContaining("ww");
    assertThatThrownBy(() -> ConvPlan.agreed(s, 2048, ConvProtocol.JAGUAR, false, 0, 3, 3, false))
        .hasMessageStartingWith("cw");
    assertThatThrownBy(() -> ConvPlan.agreed(s, 2048, ConvProtocol.JAGUAR, true, 1, 3, 3, false))
        .hasMessageStartingWith("form");
    assertThatThrownBy(() -> ConvPlan.agreed(s, 2048, ConvProtocol.JAGUAR, false, 1, 3, 3, true))
        .hasMessageStartingWith("spa_c0");
    assertThatThrownBy(() -> ConvPlan.agreed(s, 2048, ConvProtocol.JAGUAR_HYBRID, false, 1, 3, 3, false))
        .hasMessageStartingWith("protocol");
  }
}
