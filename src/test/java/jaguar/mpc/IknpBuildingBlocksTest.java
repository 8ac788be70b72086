package jaguar.mpc;

import jaguar.mpc.ot.OtConfig;
import jaguar.mpc.ot.OtKind;

class IknpBuildingBlocksTest extends BuildingBlocksContract {
  @Override
  OtConfig ot() {
    return OtConfig.of(OtKind.IKNP);
  }

  @Override
  String extensionLabel() {
    return "iknp.u";
  }
}
