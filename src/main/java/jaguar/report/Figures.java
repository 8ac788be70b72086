package jaguar.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every figure maker, by experiment kind; regenerates figures from {@code results/} alone. */
public final class Figures {
  private static final Map<String, FigureMaker> MAKERS = new TreeMap<>();

  static {
    for (FigureMaker m : List.<FigureMaker>of(
        // one line per experiment kind; keep sorted by kind
        new ConvMicrobenchFigures(),
        new EndToEndFigures(),
        new FixedPointSweepFigures(),
        new NoiseBudgetFigures(),
        new NonlinearStageFigures(),
        new OtExtensionFigures(),
        new PrivateAccuracyFigures(),
        new SecurityFigures(),
        new SparsitySweepFigures(),
        new TailoredNetsFigures())) {
      MAKERS.put(m.kind(), m);
    }
  }

  private Figures() {}

  public static Map<String, FigureMaker> all() {
    return Collections.unmodifiableMap(MAKERS);
  }

  public static synchronized void register(FigureMaker maker) {
    MAKERS.put(maker.kind(), maker);
  }

  /** The kind recorded in a result directory's manifest, or null if it has none. */
  public static String kindOf(Path resultDir) throws IOException {
    Path manifest = resultDir.resolve("manifest.yaml");
    if (!Files.isRegularFile(manifest)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(manifest)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (doc instanceof Map<?, ?> m && m.get("kind") instanceof String k) {
        return k;
      }
    }
    return null;
  }

  /** Figures of one result directory into {@code figuresRoot/<dir name>/}. */
  public static List<Path> makeFor(Path resultDir, Path figuresRoot) throws Exception {
    String kind = kindOf(resultDir);
    FigureMaker maker = kind == null ? null : MAKERS.get(kind);
    if (maker == null) {
      return List.of();
    }
    Path out = figuresRoot.resolve(resultDir.getFileName());
    Files.createDirectories(out);
    return maker.make(resultDir, out);
  }

  /** Figures of every result directory under {@code resultsRoot}. */
  public static List<Path> makeAll(Path resultsRoot, Path figuresRoot) throws Exception {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(resultsRoot)) {
      return out;
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(resultsRoot)) {
      dirs =
          s.filter(Files::isDirectory)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted(Comparator.comparing(Path::toString))
              .toList();
    }
    for (Path d : dirs) {
      out.addAll(makeFor(d, figuresRoot));
    }
    return out;
  }
}
