package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JaguarPlannerTest {
  /** Unit costs close to this machine's with AVX on (0.15 ns per multiply-add, 20 us per NTT). */
  private static final KernelCosts AVX_ON = new KernelCosts(2048, 0.15, 20_000, 2_800, 2.5);
  /** Multiply-adds 2.5 times slower (the scalar loop), transforms as fast. */
  private static final KernelCosts AVX_OFF = new KernelCosts(2048, 0.37, 21_000, 2_700, 2.5);

  @Test
  void choosesByTheModelAndSaysWhy() {
    ConvShape depthwise = new ConvShape(56, 56, 96, 96, 3, 1, 1, 96);
    ConvShape pointwise = new ConvShape(56, 56, 24, 144, 1, 1, 0, 1);
    ConvShape dense7 = new ConvShape(7, 7, 512, 512, 3, 1, 1, 1);
    for (KernelCosts c : new KernelCosts[] {AVX_ON, AVX_OFF}) {
      assertThat(JaguarPlanner.choose(depthwise, 2048, Layout.AUTO, c, 1).plan().protocol()).isEqualTo(ConvProtocol.JAGUAR);
      assertThat(JaguarPlanner.choose(pointwise, 2048, Layout.AUTO, c, 1).plan().protocol()).isEqualTo(ConvProtocol.JAGUAR);
      JaguarPlanner.Choice d = JaguarPlanner.choose(dense7, 2048, Layout.AUTO, c, 1);
      assertThat(d.plan().protocol()).isEqualTo(ConvProtocol.JAGUAR_NTT);
      assertThat(d.spaMs()).isGreaterThan(Math.min(d.nttMs(), d.mixedMs()));
      assertThat(d.reason()).contains("predicted").contains("unit costs");
      assertThat(d.plan().explain()).contains("jaguar-hybrid chose");
    }
    // the faster the multiply-adds, the more of c0 goes to SPA-Conv: 14 x 14 dense with AVX on
    JaguarPlanner.Choice mid = JaguarPlanner.choose(new ConvShape(14, 14, 256, 256, 3, 1, 1, 1), 2048, Layout.AUTO, AVX_ON, 1);
    assertThat(mid.plan().spaC0()).isTrue();
    assertThat(mid.mixedMs()).isLessThan(mid.nttMs());
    // sparse weights make SPA-Conv cheaper, the NTT path does not care
    JaguarPlanner.Choice sparse = JaguarPlanner.choose(dense7, 2048, Layout.AUTO, AVX_ON, 0.05);
    assertThat(sparse.plan().protocol()).isEqualTo(ConvProtocol.JAGUAR);
    assertThat(sparse.reason()).contains("density 0.05");
    assertThatThrownBy(() -> JaguarPlanner.choose(dense7, 2048, Layout.AUTO, AVX_ON, 0))
        .hasMessageContaining("density");
  }

  @Test
  void machineCostsArePositiveAndPlausible() {
    KernelCosts c = KernelCosts.measure(256, 0.02);
    assertThat(c.nsPerMultiplyAdd()).isPositive().isLessThan(100);
    assertThat(c.nsPerNtt()).isGreaterThan(c.nsPerMultiplyAdd() * 256);
    assertThat(c.nsPerPointwise()).isPositive();
    assertThat(c.nsPerCrtCoefficient()).isPositive();
  }
}
