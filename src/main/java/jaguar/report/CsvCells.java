package jaguar.report;

import java.util.Locale;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** The cells of one row of a CSV table, as text or numbers, whatever type Tablesaw inferred. */
record CsvCells(Table table, int row) {
  String text(String column) {
    if (!table.columnNames().contains(column)) {
      return "";
    }
    Column<?> c = table.column(column);
    return c.isMissing(row) ? "" : c.getString(row);
  }

  /** The number in a column, or null when missing or not a number. */
  Double number(String column) {
    if (!table.columnNames().contains(column)) {
      return null;
    }
    Column<?> c = table.column(column);
    if (c.isMissing(row)) {
      return null;
    }
    if (c instanceof NumericColumn<?> n) {
      return n.getDouble(row);
    }
    String s = c.getString(row).trim();
    try {
      return s.isEmpty() ? null : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  boolean flag(String column) {
    return "true".equalsIgnoreCase(text(column));
  }

  /** A number with a few significant digits, or "" when absent. */
  static String fmt(Double v, int decimals) {
    return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
