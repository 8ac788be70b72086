package jaguar.mpc.ot;

class IknpOtSuiteTest extends OtSuiteContract {
  @Override
  OtConfig config() {
    return OtConfig.of(OtKind.IKNP);
  }
}
