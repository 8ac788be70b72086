package jaguar.experiment.convbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The plain CSV a child JVM and its parent exchange: a header line, then one record per line,
 * fields without commas or quotes (names are validated to hold none).
 */
final class CsvLines {
  private CsvLines() {}

  /** The fields joined by commas; fails if one holds a comma or a line break. */
  static String join(String... fields) {
    return join(List.of(fields));
  }

  static String join(List<String> fields) {
    for (String f : fields) {
      if (f.indexOf(',') >= 0 || f.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("CSV field holds a comma or line break: " + f);
      }
    }
    return String.join(",", fields);
  }

  static String[] split(String line, int fields) {
    String[] f = line.split(",", -1);
    if (f.length != fields) {
      throw new IllegalArgumentException("expected " + fields + " fields, got " + f.length + ": " + line);
    }
    return f;
  }

  /** Reads every record of a file written with {@code header}, or none if the file is missing. */
  static <T> List<T> read(Path file, List<String> header, Function<String, T> parse) throws IOException {
    List<T> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(String.join(",", header))) {
      throw new IOException(file + ": header is not " + String.join(",", header));
    }
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        out.add(parse.apply(line));
      }
    }
    return out;
  }
}
