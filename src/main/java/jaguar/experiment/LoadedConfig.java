package jaguar.experiment;

import java.nio.file.Path;
import java.util.Map;

/** A config file read and validated: common fields, its kind, and the experiment ready to run. */
public record LoadedConfig(
    Path file,
    String name,
    ExperimentKind kind,
    long seed,
    String description,
    Experiment experiment,
    Map<String, Object> resolved) {}
