package jaguar.experiment.convbench;

/**
 * Compares decrypted outputs with the cleartext reference ({@link jaguar.conv.PlainConv}, mod t):
 * each output position must be produced exactly once and equal the reference, so a broken kernel
 * cannot produce a speed number.
 */
final class OutputCheck {
  private final long[] reference;
  private final byte[] seen;
  private long checked;
  private long mismatches;
  private String first = "";

  OutputCheck(long[] reference) {
    this.reference = reference;
    this.seen = new byte[reference.length];
  }

  void check(int index, long value) {
    checked++;
    if (seen[index] != 0) {
      mismatch(index, value, "produced twice");
      return;
    }
    seen[index] = 1;
    if (value != reference[index]) {
      mismatch(index, value, "expected " + reference[index]);
    }
  }

  private void mismatch(int index, long value, String why) {
    if (mismatches++ == 0) {
      first = "output " + index + " = " + value + " (" + why + ")";
    }
  }

  /** Counts every position never produced as a mismatch; call once all outputs are checked. */
  void finish() {
    for (int i = 0; i < seen.length; i++) {
      if (seen[i] == 0) {
        mismatch(i, -1, "never produced");
      }
    }
  }

  long checked() {
    return checked;
  }

  long mismatches() {
    return mismatches;
  }

  /** The first mismatch, or an empty string. */
  String firstMismatch() {
    return first;
  }
}
