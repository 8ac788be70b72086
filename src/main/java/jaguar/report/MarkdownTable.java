package jaguar.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Markdown rendering of a table, for the paper-versus-measured comparisons in {@code results/}: a double shows at
 * most four significant digits (integers in full); the CSV beside it keeps every digit.
 */
public final class MarkdownTable {
  private MarkdownTable() {}

  public static String of(Table t) {
    StringBuilder sb = new StringBuilder();
    List<String> names = t.columnNames();
    sb.append("| ").append(String.join(" | ", names)).append(" |\n");
    sb.append("|");
    for (int i = 0; i < names.size(); i++) {
      sb.append("---|");
    }
    sb.append('\n');
    for (int r = 0; r < t.rowCount(); r++) {
      List<String> cells = new ArrayList<>();
      for (Column<?> c : t.columns()) {
        cells.add(c.isMissing(r) ? "" : c instanceof DoubleColumn d ? number(d.getDouble(r)) : c.getString(r));
      }
      sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return sb.toString();
  }

  /** {@code v} with at most four significant digits, no exponent from 1e-4 up, integers in full. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    if (s.contains(".") && !s.contains("e")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}
