package jaguar.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class MarkdownTableTest {
  @Test
  void doublesShowFourSignificantDigitsAndIntegersInFull() {
    assertThat(MarkdownTable.number(1.7896880000000001)).isEqualTo("1.79");
    assertThat(MarkdownTable.number(0.00035858154296875)).isEqualTo("0.0003586");
    assertThat(MarkdownTable.number(390.71)).isEqualTo("390.7");
    assertThat(MarkdownTable.number(28545.0)).isEqualTo("28545");
    assertThat(MarkdownTable.number(12345.6)).isEqualTo("12346");
    assertThat(MarkdownTable.number(-2.5)).isEqualTo("-2.5");
    assertThat(MarkdownTable.number(0)).isEqualTo("0");
  }

  @Test
  void rendersHeaderRuleAndMissingCells() {
    Table t = Table.create("t", StringColumn.create("model", "a", "b"), DoubleColumn.create("s", 0.123456, Double.NaN));
    assertThat(MarkdownTable.of(t)).isEqualTo("| model | s |\n|---|---|\n| a | 0.1235 |\n| b |  |\n");
  }
}
