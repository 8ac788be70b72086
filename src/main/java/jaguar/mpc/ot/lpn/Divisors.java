package jaguar.mpc.ot.lpn;

import java.util.Arrays;

/**
 * Divisors of the integers up to a limit, in descending order, from a smallest-prime-factor sieve:
 * AGB 2.0's search visits the divisors f' of each split g from the largest down, which the
 * reference finds by trying every f' from f down to sqrt(g).
 */
final class Divisors {
  private final int[] smallestPrime;
  private final int[] out = new int[4096];

  Divisors(int limit) {
    smallestPrime = new int[limit + 1];
    for (int i = 2; i <= limit; i++) {
      if (smallestPrime[i] == 0) {
        for (long j = i; j <= limit; j += i) {
          if (smallestPrime[(int) j] == 0) {
            smallestPrime[(int) j] = i;
          }
        }
      }
    }
  }

  /** Whether {@link #descending} covers {@code g}. */
  boolean covers(long g) {
    return g >= 1 && g < smallestPrime.length;
  }

  /**
   * Writes the divisors of {@code g} (1 and g included) in descending order into an internal buffer
   * and returns their count; read them with {@link #get}. Valid until the next call.
   */
  int descending(long g) {
    int count = 1;
    out[0] = 1;
    int x = (int) g;
    while (x > 1) {
      int p = smallestPrime[x];
      int e = 0;
      while (x % p == 0) {
        x /= p;
        e++;
      }
      int before = count;
      int power = 1;
      for (int i = 0; i < e; i++) {
        power *= p;
        for (int j = 0; j < before; j++) {
          out[count++] = out[j] * power;
        }
      }
    }
    Arrays.sort(out, 0, count);
    for (int i = 0, j = count - 1; i < j; i++, j--) {
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return count;
  }

  int get(int i) {
    return out[i];
  }
}
