package jaguar.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * One of {@code count} deterministic parts of a config's cases ({@code jaguar run CONFIG --shard
 * I/N}): shard {@code index} (1-based) owns the groups at positions {@code index - 1, index - 1 +
 * count, ...} of the experiment's {@link Shardable#groups()} order, so every shard gets a share
 * of every part of the config and the same config always splits the same way. {@link #WHOLE} is
 * the unsharded run.
 */
public record Shard(int index, int count) {
  public static final Shard WHOLE = new Shard(1, 1);

  public Shard {
    if (count < 1 || count > 10_000 || index < 1 || index > count) {
      throw new IllegalArgumentException("shard " + index + "/" + count + " is not valid; valid: I/N with 1 <= I <= N <= 10000");
    }
  }

  /** Parses {@code I/N} (e.g. {@code 2/3}); fails with one line naming the value and what is valid. */
  public static Shard parse(String text) {
    String[] p = text.trim().split("/", -1);
    try {
      if (p.length == 2) {
        return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option --shard: " + e.getMessage());
    }
    throw new IllegalArgumentException("option --shard: value " + text + " is not valid; valid: I/N with 1 <= I <= N, e.g. 2/3");
  }

  public boolean whole() {
    return count == 1;
  }

  /** Whether this shard owns the group at {@code position} of the experiment's group order. */
  public boolean owns(int position) {
    return position % count == index - 1;
  }

  /** The groups of {@code all} (in the experiment's order) this shard owns. */
  public List<String> of(List<String> all) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (owns(i)) {
        out.add(all.get(i));
      }
    }
    return out;
  }

  /** The directory name of this shard's results under {@code results/<name>/shards/}. */
  public String dirName() {
    return index + "-of-" + count;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
