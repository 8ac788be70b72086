package jaguar.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of a YAML config, read field by field with validation.
 *
 * <p>Every accessor names the field in its error: {@code configs/x.yaml: field 'shapes[2].k': value
 * 4 is not valid; valid: one of 1, 3, 5, 7}. Fields that are read are remembered; {@link
 * #finish()} rejects any field that no accessor asked for, so a misspelt field is an error and never
 * silently ignored.
 */
public final class ConfigNode {
  private final String file;
  private final String path;
  private final Map<String, Object> values;
  private final Set<String> consumed = new LinkedHashSet<>();

  public ConfigNode(String file, String path, Map<String, Object> values) {
    this.file = file;
    this.path = path;
    this.values = new LinkedHashMap<>(values);
  }

  /** Wraps a parsed YAML document; fails if its top level is not a mapping. */
  @SuppressWarnings("unchecked")
  public static ConfigNode root(String file, Object yaml) {
    if (!(yaml instanceof Map)) {
      throw new ConfigException(
          file + ": the top level must be a mapping of fields (name: value), found "
              + describe(yaml));
    }
    for (Object key : ((Map<Object, Object>) yaml).keySet()) {
      if (!(key instanceof String)) {
        throw new ConfigException(file + ": field name " + key + " is not a string");
      }
    }
    return new ConfigNode(file, "", (Map<String, Object>) yaml);
  }

  public String file() {
    return file;
  }

  /** The path of a field of this node, e.g. {@code shapes[2].k}. */
  public String fieldPath(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public boolean has(String field) {
    return values.containsKey(field);
  }

  /** The raw values, for the run manifest (the resolved config). */
  public Map<String, Object> raw() {
    return values;
  }

  public ConfigException error(String field, Object value, String valid) {
    return new ConfigException(
        file + ": field '" + fieldPath(field) + "': value " + show(value) + " is not valid; valid: "
            + valid);
  }

  private ConfigException missing(String field, String valid) {
    return new ConfigException(
        file + ": field '" + fieldPath(field) + "' is required; valid: " + valid);
  }

  private Object take(String field) {
    consumed.add(field);
    return values.get(field);
  }

  public String string(String field) {
    Object v = take(field);
    if (v == null) {
      throw missing(field, "a string");
    }
    if (!(v instanceof String)) {
      throw error(field, v, "a string");
    }
    return (String) v;
  }

  public String string(String field, String fallback) {
    return has(field) ? string(field) : touch(field, fallback);
  }

  /** A string that must be one of {@code allowed} (case-sensitive, as written in the docs). */
  public String choice(String field, String fallback, Collection<String> allowed) {
    String v = fallback == null ? string(field) : string(field, fallback);
    if (!allowed.contains(v)) {
      throw error(field, v, "one of " + String.join(", ", allowed));
    }
    return v;
  }

  public String choice(String field, String fallback, String... allowed) {
    return choice(field, fallback, Arrays.asList(allowed));
  }

  public long integer(String field, long min, long max) {
    Object v = take(field);
    if (v == null) {
      throw missing(field, "an integer in [" + min + ", " + max + "]");
    }
    return checkInteger(field, v, min, max);
  }

  public long integer(String field, long fallback, long min, long max) {
    return has(field) ? integer(field, min, max) : touch(field, fallback);
  }

  public int integer32(String field, int fallback, int min, int max) {
    return (int) integer(field, fallback, min, max);
  }

  public int integer32(String field, int min, int max) {
    return (int) integer(field, min, max);
  }

  private long checkInteger(String field, Object v, long min, long max) {
    if (!(v instanceof Integer || v instanceof Long)) {
      throw error(field, v, "an integer in [" + min + ", " + max + "]");
    }
    long x = ((Number) v).longValue();
    if (x < min || x > max) {
      throw error(field, v, "an integer in [" + min + ", " + max + "]");
    }
    return x;
  }

  public double number(String field, double fallback, double min, double max) {
    if (!has(field)) {
      return touch(field, fallback);
    }
    Object v = take(field);
    if (!(v instanceof Number)) {
      throw error(field, v, "a number in [" + min + ", " + max + "]");
    }
    double x = ((Number) v).doubleValue();
    if (!(x >= min && x <= max)) {
      throw error(field, v, "a number in [" + min + ", " + max + "]");
    }
    return x;
  }

  public boolean bool(String field, boolean fallback) {
    if (!has(field)) {
      return touch(field, fallback);
    }
    Object v = take(field);
    if (!(v instanceof Boolean)) {
      throw error(field, v, "true or false");
    }
    return (Boolean) v;
  }

  /** A list of strings, each one of {@code allowed} (if non-empty). A single string is a list of one. */
  public List<String> strings(String field, List<String> fallback, Collection<String> allowed) {
    if (!has(field)) {
      return touch(field, fallback);
    }
    Object v = take(field);
    List<?> list = v instanceof List ? (List<?>) v : List.of(v);
    if (list.isEmpty()) {
      throw error(field, v, "a non-empty list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      if (!(e instanceof String)
          || (!allowed.isEmpty() && !allowed.contains(e))) {
        throw error(
            field + "[" + i + "]",
            e,
            allowed.isEmpty() ? "a string" : "one of " + String.join(", ", allowed));
      }
      out.add((String) e);
    }
    return out;
  }

  /** A list of integers in [min, max]. A single integer is a list of one. */
  public List<Long> integers(String field, List<Long> fallback, long min, long max) {
    if (!has(field)) {
      return touch(field, fallback);
    }
    Object v = take(field);
    List<?> list = v instanceof List ? (List<?>) v : List.of(v);
    if (list.isEmpty()) {
      throw error(field, v, "a non-empty list of integers in [" + min + ", " + max + "]");
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(checkInteger(field + "[" + i + "]", list.get(i), min, max));
    }
    return out;
  }

  /** A list of numbers in [min, max]. A single number is a list of one. */
  public List<Double> numbers(String field, List<Double> fallback, double min, double max) {
    if (!has(field)) {
      return touch(field, fallback);
    }
    Object v = take(field);
    List<?> list = v instanceof List ? (List<?>) v : List.of(v);
    if (list.isEmpty()) {
      throw error(field, v, "a non-empty list of numbers in [" + min + ", " + max + "]");
    }
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      if (!(e instanceof Number)
          || !(((Number) e).doubleValue() >= min && ((Number) e).doubleValue() <= max)) {
        throw error(field + "[" + i + "]", e, "a number in [" + min + ", " + max + "]");
      }
      out.add(((Number) e).doubleValue());
    }
    return out;
  }

  /** A nested mapping. */
  @SuppressWarnings("unchecked")
  public ConfigNode child(String field) {
    Object v = take(field);
    if (v == null) {
      throw missing(field, "a mapping of fields");
    }
    if (!(v instanceof Map)) {
      throw error(field, v, "a mapping of fields (name: value)");
    }
    return new ConfigNode(file, fieldPath(field), (Map<String, Object>) v);
  }

  /** A list of mappings, e.g. the shapes of a microbenchmark. */
  @SuppressWarnings("unchecked")
  public List<ConfigNode> children(String field) {
    Object v = take(field);
    if (v == null) {
      throw missing(field, "a list of mappings");
    }
    if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
      throw error(field, v, "a non-empty list of mappings");
    }
    List<ConfigNode> out = new ArrayList<>();
    List<?> list = (List<?>) v;
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      String p = fieldPath(field) + "[" + i + "]";
      if (!(e instanceof Map)) {
        throw new ConfigException(
            file + ": field '" + p + "': value " + show(e) + " is not valid; valid: a mapping");
      }
      out.add(new ConfigNode(file, p, (Map<String, Object>) e));
    }
    return out;
  }

  /** Marks a field as known without reading it (e.g. the common fields read by the runner). */
  public void accept(String... fields) {
    consumed.addAll(Arrays.asList(fields));
  }

  /** Rejects any field no accessor asked for. Call once after reading all fields. */
  public void finish() {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(consumed);
    if (!unknown.isEmpty()) {
      String first = unknown.iterator().next();
      throw new ConfigException(
          file + ": unknown field '" + fieldPath(first) + "'"
              + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more: " + unknown + ")" : "")
              + "; valid fields here: " + String.join(", ", new TreeSet<>(consumed)));
    }
  }

  private <T> T touch(String field, T fallback) {
    consumed.add(field);
    values.putIfAbsent(field, fallback);
    return fallback;
  }

  private static String show(Object v) {
    if (v instanceof String) {
      return "'" + v + "'";
    }
    return String.valueOf(v);
  }

  private static String describe(Object v) {
    return v == null ? "an empty document" : v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
