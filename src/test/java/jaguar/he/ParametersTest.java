package jaguar.he;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {
  @Test
  void presetsAreTheProjectsParameterSets() {
    Pow2Params j = Pow2Params.jaguar();
    assertThat(j.degree()).isEqualTo(2048);
    assertThat(j.logQ()).isEqualTo(54);
    assertThat(j.logT()).isEqualTo(32);
    assertThat(j.insecure()).isFalse();
    RnsParams c = RnsParams.cheetah();
    assertThat(c.degree()).isEqualTo(4096);
    assertThat(c.limbs()).isEqualTo(2);
    assertThat(c.modulus(0).bits()).isEqualTo(60);
    assertThat(c.modulus(1).bits()).isEqualTo(49);
    assertThat(c.modulus(0).value() % 8192).isEqualTo(1);
    assertThat(c.modulus(1).value() % 8192).isEqualTo(1);
    assertThat(c.logT()).isEqualTo(37);
    assertThat(c.log2Q()).isBetween(108.0, 109.0);
  }

  @Test
  void theHeStandardTableRefusesWeakSetsUnlessInsecure() {
    assertThatThrownBy(() -> Pow2Spec.jaguar().withLogQ(60).validate())
        .isInstanceOf(ParameterException.class)
        .hasMessage("insecure: log q 60 > 54 allowed at N=2048 (HE standard, 128-bit classical,"
            + " ternary secret); set insecure: true to run it anyway");
    assertThat(Pow2Spec.jaguar().withLogQ(60).withInsecure(true).validate().insecure()).isTrue();
    assertThatThrownBy(() -> RnsSpec.cheetah().withPrimeBits(List.of(60, 50)).validate())
        .hasMessageContaining("log q 110 > 109 allowed at N=4096");
    assertThatThrownBy(() -> Pow2Spec.jaguar().withLogN(8).validate())
        .hasMessageContaining("N=256 is not in the HE standard's table");
    assertThat(RnsSpec.cheetah().withLogN(8).withInsecure(true).validate().degree()).isEqualTo(256);
    // the boundary itself is allowed
    assertThat(RnsSpec.cheetah().withPrimeBits(List.of(60, 49)).validate().degree()).isEqualTo(4096);
    assertThat(Pow2Spec.jaguar().withLogQ(54).validate().degree()).isEqualTo(2048);
  }

  @Test
  void securityLevelsAndTheirTable() {
    assertThat(HeStandard.maxLogQ(2048, SecurityLevel.CLASSICAL_128)).isEqualTo(54);
    assertThat(HeStandard.maxLogQ(4096, SecurityLevel.CLASSICAL_128)).isEqualTo(109);
    assertThat(HeStandard.maxLogQ(4096, SecurityLevel.QUANTUM_128)).isEqualTo(101);
    assertThat(HeStandard.maxLogQ(100, SecurityLevel.CLASSICAL_128)).isZero();
    assertThat(HeStandard.strongestLevel(2048, 54)).isEqualTo(SecurityLevel.CLASSICAL_128);
    assertThat(HeStandard.strongestLevel(2048, 37)).isEqualTo(SecurityLevel.CLASSICAL_192);
    assertThat(HeStandard.strongestLevel(2048, 55)).isNull();
  }

  @Test
  void badFieldsAreNamedWithWhatIsValid() {
    assertThatThrownBy(() -> Pow2Spec.jaguar().withLogT(54).validate())
        .hasMessage("logT: value 54 is not valid; valid: 1..53 (t = 2^logT below q = 2^54)");
    assertThatThrownBy(() -> Pow2Spec.jaguar().withLogN(0).validate()).hasMessageStartingWith("logN: value 0");
    assertThatThrownBy(() -> Pow2Spec.jaguar().withLogQ(65).validate()).hasMessageStartingWith("logQ: value 65");
    assertThatThrownBy(() -> RnsSpec.cheetah().withLogT(49).validate())
        .hasMessageStartingWith("logT: value 49 is not valid; valid: 1..48");
    assertThatThrownBy(() -> RnsSpec.cheetah().withPrimeBits(List.of(61, 40)).validate())
        .hasMessageStartingWith("primeBits: value [61, 40] is not valid; valid: each in 15..60");
    assertThatThrownBy(() -> RnsSpec.cheetah().withPrimeBits(List.of()).validate())
        .hasMessageStartingWith("primeBits: value []");
  }
}
