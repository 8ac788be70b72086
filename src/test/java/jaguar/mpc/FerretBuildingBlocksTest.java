package jaguar.mpc;

import jaguar.mpc.ot.FerretParameters;
import jaguar.mpc.ot.OtConfig;

/** With Ferret's toy parameters, so that the blocks run across many Ferret iterations. */
class FerretBuildingBlocksTest extends BuildingBlocksContract {
  @Override
  OtConfig ot() {
    return OtConfig.ferret(FerretParameters.INSECURE_TEST);
  }

  @Override
  String extensionLabel() {
    return "ferret.batch";
  }
}
