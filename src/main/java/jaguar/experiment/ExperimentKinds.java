package jaguar.experiment;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every experiment kind the runner knows, by the name a config gives in {@code kind:}. */
public final class ExperimentKinds {
  private static final Map<String, ExperimentKind> KINDS = new TreeMap<>();

  static {
    for (ExperimentKind k : List.<ExperimentKind>of(
        // one line per kind; keep sorted by name
        new jaguar.experiment.convbench.ConvMicrobenchKind(),
        new jaguar.experiment.endtoend.EndToEndKind(),
        new jaguar.experiment.security.EquivariantKind(),
        new jaguar.experiment.fixedpoint.FixedPointSweepKind(),
        new jaguar.experiment.noise.NoiseBudgetKind(),
        new jaguar.experiment.nonlinear.NonlinearStageKind(),
        new jaguar.experiment.ot.OtExtensionKind(),
        new jaguar.experiment.endtoend.PrivateAccuracyKind(),
        new jaguar.experiment.security.SecurityKind(),
        new jaguar.experiment.convbench.SparsitySweepKind(),
        new jaguar.experiment.endtoend.TailoredNetsKind())) {
      KINDS.put(k.name(), k);
    }
  }

  private ExperimentKinds() {}

  public static Map<String, ExperimentKind> all() {
    return Collections.unmodifiableMap(KINDS);
  }

  /** Registers a kind (tests use this for kinds of their own). */
  public static synchronized void register(ExperimentKind kind) {
    KINDS.put(kind.name(), kind);
  }
}
