package jaguar.mpc.ot;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.mpc.ot.lpn.LpnEstimator;
import org.junit.jupiter.api.Test;

/** The security claims of {@link FerretParameters}, checked with this project's LPN estimator. */
class FerretParametersSecurityTest {
  @Test
  void theEmpOt2025SetsHold128BitsAgainstEveryAttack() {
    for (LpnParameters p : new LpnParameters[] {FerretParameters.EMP_OT_2025.bootstrap(), FerretParameters.EMP_OT_2025.main()}) {
      LpnEstimator.Estimate cheapest = LpnEstimator.security(p.n(), p.k(), p.t());
      assertThat(cheapest.bits()).as(p + " under " + cheapest.attack()).isGreaterThanOrEqualTo(128);
    }
  }

  @Test
  void ferretsOwnBootstrapSetFallsBelow128BitsUnderTheHybridAttack() {
    LpnParameters boot = FerretParameters.SECURE_128.bootstrap();
    LpnEstimator.Estimate cheapest = LpnEstimator.security(boot.n(), boot.k(), boot.t());
    assertThat(cheapest.attack()).isEqualTo("hybrid");
    assertThat(cheapest.bits()).isLessThan(128);
    LpnParameters main = FerretParameters.SECURE_128.main();
    assertThat(LpnEstimator.security(main.n(), main.k(), main.t()).bits()).isGreaterThanOrEqualTo(128);
  }
}
