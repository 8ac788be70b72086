package jaguar.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A result table built row by row, written as CSV through Tablesaw. Column types follow the first
 * non-null value of each column: integers become long columns, other numbers double columns,
 * booleans boolean columns, everything else strings.
 */
public final class ResultTable {
  private final String name;
  private final List<String> columns;
  private final List<Object[]> rows = new ArrayList<>();

  private ResultTable(String name, List<String> columns) {
    this.name = name;
    this.columns = List.copyOf(columns);
  }

  public static ResultTable withColumns(String name, String... columns) {
    return new ResultTable(name, List.of(columns));
  }

  public static ResultTable withColumns(String name, List<String> columns) {
    return new ResultTable(name, columns);
  }

  public List<String> columns() {
    return columns;
  }

  public int rowCount() {
    return rows.size();
  }

  /** Appends one row; values in column order (String, Number, Boolean or null). */
  public ResultTable row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "table " + name + ": row has " + values.length + " values for " + columns.size()
              + " columns " + columns);
    }
    rows.add(values.clone());
    return this;
  }

  /** The value at (row, column name), as appended. */
  public Object get(int row, String column) {
    int c = columns.indexOf(column);
    if (c < 0) {
      throw new IllegalArgumentException("table " + name + " has no column " + column);
    }
    return rows.get(row)[c];
  }

  public Table toTable() {
    Table t = Table.create(name);
    for (int c = 0; c < columns.size(); c++) {
      t.addColumns(column(c));
    }
    return t;
  }

  private Column<?> column(int c) {
    String col = columns.get(c);
    Object first = null;
    for (Object[] r : rows) {
      if (r[c] != null) {
        first = r[c];
        break;
      }
    }
    if (first instanceof Integer || first instanceof Long || first instanceof Short) {
      LongColumn out = LongColumn.create(col);
      for (Object[] r : rows) {
        if (r[c] == null) {
          out.appendMissing();
        } else if (r[c] instanceof Integer || r[c] instanceof Long || r[c] instanceof Short) {
          out.append(((Number) r[c]).longValue());
        } else {
          return asDoubles(col, c);
        }
      }
      return out;
    }
    if (first instanceof Number) {
      return asDoubles(col, c);
    }
    if (first instanceof Boolean) {
      BooleanColumn out = BooleanColumn.create(col);
      for (Object[] r : rows) {
        if (r[c] == null) {
          out.appendMissing();
        } else {
          out.append((Boolean) r[c]);
        }
      }
      return out;
    }
    StringColumn out = StringColumn.create(col);
    for (Object[] r : rows) {
      out.append(r[c] == null ? "" : String.valueOf(r[c]));
    }
    return out;
  }

  private DoubleColumn asDoubles(String col, int c) {
    DoubleColumn out = DoubleColumn.create(col);
    for (Object[] r : rows) {
      if (r[c] == null) {
        out.appendMissing();
      } else {
        out.append(((Number) r[c]).doubleValue());
      }
    }
    return out;
  }

  public void writeCsv(Path file) throws IOException {
    toTable().write().csv(file.toFile());
  }
}
