package jaguar.mpc.ot;

/** With Ferret's toy parameters, so that the OTs run across Ferret iterations. */
class FerretOtSuiteTest extends OtSuiteContract {
  @Override
  OtConfig config() {
    return OtConfig.ferret(FerretParameters.INSECURE_TEST);
  }
}
