package jaguar.report;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** A Markdown rendering of a table, for the paper-versus-measured comparisons in {@code results/}. */
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
        cells.add(c.isMissing(r) ? "" : c.getString(r));
      }
      sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return sb.toString();
  }
}
