package jaguar.protocol;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The peak live heap of this JVM over a session: after every garbage collection, the heap in use
 * (summed over the heap pools) is what the program still holds; the largest such value since
 * {@link #reset} (or the heap in use now, if it is larger: a session may end before a collection)
 * is what the session needed. Garbage awaiting collection is not counted, so the figure does not
 * depend on the heap's size limit. In a process that runs both parties it is their sum; run them in
 * separate JVMs ({@code --tcp}) for each party's own.
 */
public final class HeapPeak {
  private static final AtomicLong PEAK = new AtomicLong();
  private static final java.util.Set<String> HEAP_POOLS = heapPools();
  private static volatile boolean listening;

  private HeapPeak() {}

  private static java.util.Set<String> heapPools() {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == java.lang.management.MemoryType.HEAP) {
        names.add(p.getName());
      }
    }
    return names;
  }

  /** Starts a new measurement (and the listener, once per JVM). */
  public static synchronized void reset() {
    if (!listening) {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter e) {
          e.addNotificationListener((n, h) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
              GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
              long used = 0;
              for (var u : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (HEAP_POOLS.contains(u.getKey())) {
                  used += u.getValue().getUsed();
                }
              }
              PEAK.accumulateAndGet(used, Math::max);
            }
          }, null, null);
        }
      }
      listening = true;
    }
    PEAK.set(0);
  }

  /** The peak live heap since {@link #reset}, in MiB. */
  public static double peakMiB() {
    long peak = PEAK.get();
    return (peak > 0 ? peak : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) / 1048576.0;
  }
}
