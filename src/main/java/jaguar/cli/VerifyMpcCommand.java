package jaguar.cli;

import jaguar.mpc.CostModel;
import jaguar.mpc.NonlinearOp;
import jaguar.mpc.NonlinearVerifier;
import jaguar.mpc.Reduction;
import jaguar.mpc.Role;
import jaguar.mpc.ot.OtConfig;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.NetworkProfile;
import jaguar.net.TcpChannels;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jaguar verify mpc}: one nonlinear protocol on secret-shared inputs (edge values, then
 * random ones), both parties in this process over an in-memory channel or TCP on 127.0.0.1 (or
 * one party per process with {@code --party}), compared with the cleartext function. The last line is {@code verify mpc: OK mismatches=0
 * max_error=E bytes=B rounds=R} (exit 0) or {@code verify mpc: FAIL ...} (exit 1).
 */
@Command(
    name = "mpc",
    mixinStandardHelpOptions = true,
    description = {
      "Run a two-party nonlinear protocol on secret-shared inputs and compare with its cleartext function.",
      "Truncations may be 1 LSB low (counted in max_error, not a mismatch). bytes and rounds are the",
      "protocol's own (both directions, message headers included), the OT setup excluded."
    })
final class VerifyMpcCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--op", required = true, description = "relu, relu6, drelu, trunc, trunc-msb0, trunc-exact, extend, extend-signed, relu-extend, relu-extend-separate, relu6-extend, maxpool, argmax")
  String op;

  @Option(names = "--bits", defaultValue = "20", description = "ring bits l of the inputs (default: ${DEFAULT-VALUE})")
  int bits;

  @Option(names = "--shift", defaultValue = "12", description = "truncation shift; ReLU6 scale (clips at 6*2^shift); extension to bits+shift (default: ${DEFAULT-VALUE})")
  int shift;

  @Option(names = "--n", defaultValue = "10000", description = "number of outputs (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--window", defaultValue = "4", description = "max-pool / argmax window size (default: ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--relu", defaultValue = "exact", description = "relu, relu6, relu-extend, relu6-extend: exact, or approx (the comparison on a reduced ring, after Maeng and Suh as OpenCheetah runs it) (default: ${DEFAULT-VALUE})")
  String relu;

  @Option(names = "--lo", description = "with --relu approx: low bits each party drops (default: OpenCheetah's 1.5 * shift)")
  Integer lo;

  @Option(names = "--width", description = "with --relu approx: bits the comparison keeps (default: bits - lo, less (bits - lo - 1) mod radix, as OpenCheetah rounds)")
  Integer width;

  @Option(names = "--seed", defaultValue = "3", description = "seed of the inputs, shares and protocol randomness (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--tcp", description = "run the two parties over TCP on 127.0.0.1 instead of in memory")
  boolean tcp;

  @Option(names = "--party", description = "run only this party (server or client) over TCP; the other runs in another process or on another host with the same options")
  String party;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "with --party: the address the server listens on / the client connects to (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "0", description = "with --party: the TCP port (required there)")
  int port;

  @Option(names = "--ot", defaultValue = "ferret-2025", description = "OT backend: ferret-2025 (silent OT, emp-ot's 2025 LPN set), ferret (Ferret's 2020 set, as OpenCheetah; bootstrap set below 128 bits) or iknp (default: ${DEFAULT-VALUE})")
  String ot;

  @Option(names = "--radix", defaultValue = "3", description = "millionaire digit bits, 1 to 8 (default: ${DEFAULT-VALUE})")
  int radix;

  @Option(names = "--batch", defaultValue = "32768", description = "elements per protocol slice (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--network", defaultValue = "none", description = "emulated network: none, lan (384 MB/s, 0.3 ms), wan (62.5 MB/s, 20 ms) (default: ${DEFAULT-VALUE})")
  String network;

  @Option(names = "--threads", defaultValue = "1", description = "sessions run side by side, each with its own channel and OT instance, the batch cut between them, roles alternating (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait for the peer before failing (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() {
    NonlinearOp operation;
    OtKind kind;
    try {
      operation = NonlinearOp.of(op);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--op", op, String.join(", ", NonlinearOp.ids()));
    }
    try {
      kind = OtKind.of(ot);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--ot", ot, String.join(", ", OtKind.ids()));
    }
    if (kind.securityWarning() != null) {
      spec.commandLine().getErr().println("warning: " + kind.securityWarning());
    }
    Reduction reduction = Reduction.EXACT;
    if (relu.equals("approx")) {
      if (!operation.approximable()) {
        throw new BadInputException("--relu", relu, "exact for op " + operation.id() + " (approx applies to relu, relu6, relu-extend, relu6-extend)");
      }
      int l = lo != null ? lo : 3 * shift / 2;
      int w = width != null ? width : bits - l - (bits - l - 1) % radix;
      try {
        reduction = new Reduction(l, w);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--lo/--width: " + e.getMessage());
      }
    } else if (!relu.equals("exact")) {
      throw new BadInputException("--relu", relu, "exact, approx");
    }
    NonlinearOp.Params params = new NonlinearOp.Params(bits, shift, window, reduction);
    try {
      operation.validate(params);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    check("--n", n, 1, 50_000_000);
    check("--radix", radix, 1, 8);
    check("--batch", batch, 1, 1 << 24);
    check("--timeout", timeoutSeconds, 1, 86_400);
    check("--threads", threads, 1, 64);
    NetworkProfile profile =
        switch (network) {
          case "none" -> NetworkProfile.NONE;
          case "lan" -> NetworkProfile.LAN;
          case "wan" -> NetworkProfile.WAN;
          default -> throw new BadInputException("--network", network, "none, lan, wan");
        };
    ChannelOptions options = new ChannelOptions(profile, Duration.ofSeconds(timeoutSeconds));
    Role role = null;
    if (party != null) {
      role = switch (party) {
        case "server" -> Role.SERVER;
        case "client" -> Role.CLIENT;
        default -> throw new BadInputException("--party", party, "server, client");
      };
      check("--port", port, 1, 65535);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "verify mpc: op=%s bits=%d shift=%d%s%s n=%d seed=%d transport=%s ot=%s radix=%d network=%s threads=%d%n",
        operation.id(), bits, shift, operation.inputsPerOutput(params) > 1 ? " window=" + window : "",
        reduction.exact() ? "" : " relu=approx lo=" + reduction.lo() + " width=" + reduction.width(), n, seed,
        role != null ? "tcp " + party + " " + host + ":" + port : tcp ? "tcp-loopback" : "in-memory",
        kind.id(), radix, profile, threads);
    out.flush();
    NonlinearVerifier.Result r = role != null
        ? runOneParty(role, operation, params, kind, options)
        : runBoth(operation, params, kind, options);
    int slice = Math.min(n, batch);
    CostModel.Cost model = new CostModel(radix).of(operation, slice, params);
    out.printf(
        Locale.ROOT,
        "verify mpc: OT setup %d bytes; protocol %.3f s, %.1f bits/element measured (%.1f of them generating COTs), "
            + "analytic %.1f with %s at %.3f bits/COT; %d COTs taken, %d generated; %d outputs 1 LSB low%n",
        r.setupBytes(), r.seconds(), r.payloadBytes() * 8.0 / n, r.extensionPayloadBytes() * 8.0 / n,
        model.bitsPerElement(kind.bitsPerCot(), slice), kind.id(), kind.bitsPerCot(), r.cotsTaken(), r.cotsGenerated(),
        r.lsbErrors());
    if (r.mismatches() > 0) {
      int i = r.firstMismatch();
      int k = operation.inputsPerOutput(params);
      out.printf(
          Locale.ROOT, "verify mpc: first mismatch at output %d: input 0x%x expected 0x%x got 0x%x%n",
          i, r.inputs()[i * k], r.expected()[i], r.outputs()[i]);
    }
    boolean ok = r.mismatches() == 0;
    out.printf(
        Locale.ROOT, "verify mpc: %s mismatches=%d max_error=%d bytes=%d rounds=%d%n",
        ok ? "OK" : "FAIL", r.mismatches(), r.maxError(), r.bytes(), r.rounds());
    out.flush();
    return ok ? 0 : 1;
  }

  private NonlinearVerifier.Result runBoth(NonlinearOp operation, NonlinearOp.Params params, OtKind kind, ChannelOptions options) {
    Channel[] server = new Channel[threads];
    Channel[] client = new Channel[threads];
    try {
      for (int i = 0; i < threads; i++) {
        Channel[] ch =
            tcp
                ? TcpChannels.loopbackPair("server", "client", options)
                : Channel.inMemoryPair("server", "client", options);
        server[i] = ch[0];
        client[i] = ch[1];
      }
      Channel.shareEmulatedLink(server);
      Channel.shareEmulatedLink(client);
      return NonlinearVerifier.run(operation, params, n, seed, server, client, OtConfig.of(kind), radix, batch);
    } finally {
      closeAll(server);
      closeAll(client);
    }
  }

  private NonlinearVerifier.Result runOneParty(
      Role role, NonlinearOp operation, NonlinearOp.Params params, OtKind kind, ChannelOptions options) {
    Channel[] ch = new Channel[threads];
    try {
      if (role.isServer()) {
        try (ServerSocket server = new ServerSocket(port, threads, InetAddress.getByName(host))) {
          for (int i = 0; i < threads; i++) { // the client connects its sessions in order
            ch[i] = TcpChannels.accept(server, "server", options);
          }
        } catch (IOException e) {
          throw new BadInputException("--port", port, "a port this host can listen on at " + host + " (" + e.getMessage() + ")");
        }
      } else {
        for (int i = 0; i < threads; i++) {
          ch[i] = TcpChannels.connect(host, port, "client", options);
        }
      }
      Channel.shareEmulatedLink(ch);
      return NonlinearVerifier.runOneParty(role, operation, params, n, seed, ch, kind, radix, batch);
    } finally {
      closeAll(ch);
    }
  }

  private static void closeAll(Channel[] channels) {
    for (Channel c : channels) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static void check(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new BadInputException(option, value, "an integer in [" + min + ", " + max + "]");
    }
  }
}
