package jaguar.experiment.convbench;

import jaguar.conv.ConvProtocol;
import jaguar.conv.StrideForm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every protocol the microbenchmark knows, by the name a config lists in {@code protocols:}. */
final class BenchProtocols {
  private static final Map<String, BenchProtocol> ALL = new LinkedHashMap<>();

  static {
    for (BenchProtocol p : List.of(
        // one line per protocol
        new SpaBenchProtocol(ConvProtocol.JAGUAR),
        new SpaBenchProtocol(ConvProtocol.JAGUAR_HYBRID),
        new SpaBenchProtocol(ConvProtocol.JAGUAR_NTT),
        new CheetahBenchProtocol(ConvProtocol.CHEETAH),
        new CheetahBenchProtocol(ConvProtocol.CHEETAH_NTT),
        // strided layers in the direct form only: the protocols as they were before polyphase
        new SpaBenchProtocol(ConvProtocol.JAGUAR_HYBRID, StrideForm.DIRECT),
        new CheetahBenchProtocol(ConvProtocol.CHEETAH_NTT, StrideForm.DIRECT))) {
      ALL.put(p.name(), p);
    }
  }

  private BenchProtocols() {}

  static List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(ALL.keySet()));
  }

  /** The protocol of a name from {@link #names()}. */
  static BenchProtocol of(String name) {
    BenchProtocol p = ALL.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown protocol " + name + "; valid: " + String.join(", ", ALL.keySet()));
    }
    return p;
  }
}
