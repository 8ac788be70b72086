package jaguar.net;

import java.util.Locale;

/**
 * An emulated network: one-way bandwidth in bytes per second and round-trip time. A channel with a
 * profile delivers each chunk it sends no earlier than {@code start + bytes / bandwidth + rtt / 2},
 * where {@code start} is when the previous chunk in the same direction finished serialising (or
 * now, if later): the delay a store-and-forward link of that bandwidth and latency would add. The
 * paper's settings are {@link #LAN} (384 MB/s, 0.3 ms) and {@link #WAN} (62.5 MB/s, 20 ms), with MB
 * = 10^6 bytes.
 *
 * @param name a short name for tables ({@code lan}, {@code wan}, {@code none})
 * @param bytesPerSecond one-way bandwidth, bytes per second; {@code Double.POSITIVE_INFINITY} for
 *     no bandwidth limit
 * @param rttSeconds round-trip time in seconds, at least 0
 */
public record NetworkProfile(String name, double bytesPerSecond, double rttSeconds) {
  /** No emulation: chunks are delivered as soon as the transport carries them. */
  public static final NetworkProfile NONE = new NetworkProfile("none", Double.POSITIVE_INFINITY, 0);

  /** The paper's LAN: 384 MB/s, 0.3 ms round trip. */
  public static final NetworkProfile LAN = new NetworkProfile("lan", 384e6, 0.3e-3);

  /** The paper's WAN: 62.5 MB/s, 20 ms round trip. */
  public static final NetworkProfile WAN = new NetworkProfile("wan", 62.5e6, 20e-3);

  public NetworkProfile {
    if (!(bytesPerSecond > 0)) {
      throw new IllegalArgumentException(
          "network " + name + ": bandwidth must be positive bytes/s, got " + bytesPerSecond);
    }
    if (!(rttSeconds >= 0) || Double.isInfinite(rttSeconds)) {
      throw new IllegalArgumentException(
          "network " + name + ": round-trip time must be a finite number of seconds >= 0, got " + rttSeconds);
    }
  }

  /** A profile from megabytes (10^6 bytes) per second and milliseconds of round trip. */
  public static NetworkProfile of(String name, double megabytesPerSecond, double rttMillis) {
    return new NetworkProfile(name, megabytesPerSecond * 1e6, rttMillis * 1e-3);
  }

  /** True if this profile adds any delay. */
  public boolean emulated() {
    return rttSeconds > 0 || !Double.isInfinite(bytesPerSecond);
  }

  /** Nanoseconds to serialise {@code bytes} at this bandwidth. */
  long serialisationNanos(long bytes) {
    return Double.isInfinite(bytesPerSecond) ? 0 : (long) (bytes * 1e9 / bytesPerSecond);
  }

  /** Half the round-trip time, in nanoseconds. */
  long oneWayNanos() {
    return (long) (rttSeconds * 0.5e9);
  }

  @Override
  public String toString() {
    if (!emulated()) {
      return name + " (no emulation)";
    }
    return String.format(Locale.ROOT, "%s (%.1f MB/s, %.2f ms RTT)", name, bytesPerSecond / 1e6, rttSeconds * 1e3);
  }
}
