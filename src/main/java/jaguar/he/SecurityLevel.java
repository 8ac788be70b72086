package jaguar.he;

/** A security target of the homomorphic-encryption standard (ternary secret). */
public enum SecurityLevel {
  CLASSICAL_128("128-bit classical"),
  CLASSICAL_192("192-bit classical"),
  CLASSICAL_256("256-bit classical"),
  QUANTUM_128("128-bit post-quantum"),
  QUANTUM_192("192-bit post-quantum"),
  QUANTUM_256("256-bit post-quantum");

  private final String label;

  SecurityLevel(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }
}
