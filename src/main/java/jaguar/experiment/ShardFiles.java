package jaguar.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading a file of every shard back, for a {@link Shardable#merge}. */
public final class ShardFiles {
  private ShardFiles() {}

  /**
   * The records (lines after the header) of {@code file} in every shard, in shard order; fails with
   * one line if a shard lacks the file or its header is not {@code header}.
   */
  public static List<String> records(List<Path> shards, String file, String header) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path d : shards) {
      Path f = d.resolve(file);
      if (!Files.isRegularFile(f)) {
        throw new ConfigException("merge: shard " + d.getFileName() + " has no " + file + "; valid: a shard run to completion");
      }
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(header)) {
        throw new ConfigException("merge: shard " + d.getFileName() + ": " + file + " has header "
            + (lines.isEmpty() ? "(none)" : lines.get(0)) + "; valid: " + header);
      }
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          out.add(line);
        }
      }
    }
    return out;
  }

  /** The header line of {@code file} in the first shard (for files whose header is not fixed in code). */
  public static String header(List<Path> shards, String file) throws IOException {
    Path f = shards.get(0).resolve(file);
    if (!Files.isRegularFile(f)) {
      throw new ConfigException("merge: shard " + shards.get(0).getFileName() + " has no " + file + "; valid: a shard run to completion");
    }
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    return lines.isEmpty() ? "" : lines.get(0);
  }
}
