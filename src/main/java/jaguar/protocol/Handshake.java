package jaguar.protocol;

import jaguar.he.HeStandard;
import jaguar.he.ParameterException;
import jaguar.he.rns.RnsParams;
import jaguar.net.Channel;
import jaguar.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchange before any secret moves (spec section 11): the server states the protocol version,
 * the config ({@link InferenceConfig#fields}), the model's name, a hash of its architecture, its
 * input shape and preprocessing, and every layer's plan; the client checks each field it pinned,
 * the parameter sets against the HE-standard table (refusing an insecure one unless allowed), and
 * that its own copy of the model has the same architecture, then answers {@code ok} or names the
 * field it refuses. Text, one {@code key=value} per line (plans as {@code plan=...}); every length
 * is checked against a bound before anything is allocated.
 */
public final class Handshake {
  /** Largest offer or answer accepted, in bytes. */
  public static final int MAX_BYTES = 4 << 20;

  private Handshake() {}

  /** What the server states. */
  public record Offer(Map<String, String> fields, List<String> plans) {
    /** The lines sent. */
    List<String> lines() {
      List<String> out = new ArrayList<>();
      fields.forEach((k, v) -> out.add(k + "=" + v));
      for (String p : plans) {
        out.add("plan=" + p);
      }
      return out;
    }

    static Offer parse(List<String> lines) {
      Map<String, String> f = new LinkedHashMap<>();
      List<String> plans = new ArrayList<>();
      for (String line : lines) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw new ProtocolException("handshake: line '" + line + "' is not key=value");
        }
        String k = line.substring(0, eq);
        String v = line.substring(eq + 1);
        if (k.equals("plan")) {
          plans.add(v);
        } else if (f.put(k, v) != null) {
          throw new ProtocolException("handshake: field '" + k + "' appears twice");
        }
      }
      return new Offer(f, plans);
    }

    public String get(String key) {
      return fields.get(key);
    }
  }

  /** The server's offer for a model and plan. */
  static Offer offer(NetworkPlan plan, String modelName, int inputSize, String preprocessing) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("version", InferenceConfig.VERSION);
    f.putAll(plan.config().fields());
    f.put("model", modelName);
    f.put("input_size", Integer.toString(inputSize));
    f.put("arch", plan.model().architectureHash());
    f.put("input", plan.model().input().channels() + "x" + plan.model().input().height() + "x" + plan.model().input().width());
    f.put("preprocessing", preprocessing);
    return new Offer(f, plan.encode());
  }

  /** Sends text lines as one length-prefixed message. */
  static void sendText(Channel ch, String label, List<String> lines) {
    byte[] b = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_BYTES) {
      throw new IllegalArgumentException(label + ": " + b.length + " bytes, more than " + MAX_BYTES);
    }
    ch.send(label + ".len", ByteBuffer.allocate(4).putInt(b.length).array());
    ch.send(label, b);
  }

  /** Receives what {@link #sendText} sent, refusing a length above {@code max} before allocating it. */
  static List<String> receiveText(Channel ch, String label, int max) {
    int len = ByteBuffer.wrap(ch.receive(label + ".len", 4)).getInt();
    if (len < 0 || len > max) {
      throw new ProtocolException(ch.name() + ": message '" + label + "' of " + len + " bytes; valid: 0.." + max);
    }
    String text = new String(ch.receive(label, len), StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
  }

  /** The server's side: sends the offer, waits for the answer; throws if the client refused. */
  static void serve(Channel ch, Offer offer) {
    sendText(ch, "hello", offer.lines());
    List<String> reply = receiveText(ch, "hello.reply", MAX_BYTES);
    String status = reply.isEmpty() ? "" : reply.get(0);
    if (!status.equals("ok")) {
      boolean refused = status.startsWith("refuse ") && status.indexOf(": ") > 7;
      String field = refused ? status.substring(7, status.indexOf(": ")) : "reply";
      throw new HandshakeException(field, "client refused: " + (refused ? status.substring(status.indexOf(": ") + 2) : status));
    }
  }

  /** What the client holds to check an offer. */
  public record Expectations(Map<String, String> pinned, boolean allowInsecure) {
    /** Pins nothing: accepts any secure offer. */
    public static Expectations none() {
      return new Expectations(Map.of(), false);
    }

    /** Pins every field of a config, the model's name and input size. */
    public static Expectations of(InferenceConfig config, String model, int inputSize) {
      Map<String, String> m = new LinkedHashMap<>(config.fields());
      if (config.protocol() == Protocol.CHEETAH) {
        m.putIfAbsent("pointwise", config.pointwise().label()); // a Cheetah client refuses a Rhombus server
      }
      m.put("model", model);
      m.put("input_size", Integer.toString(inputSize));
      return new Expectations(m, config.insecure());
    }
  }

  /** What the client accepted. */
  record Accepted(InferenceConfig config, Offer offer) {}

  /**
   * The client's side: receives the offer, checks it (pinned fields, security, the architecture
   * through {@code archHash}, which maps a model name and input size to the client's hash of it),
   * answers, and returns the config; refuses by answering and throwing.
   */
  static Accepted answer(Channel ch, Expectations expect, int threads, java.util.function.BiFunction<String, Integer, String> archHash) {
    Offer offer = Offer.parse(receiveText(ch, "hello", MAX_BYTES));
    if (offer.get("busy") != null) {
      throw new HandshakeException("busy", "the server is busy (it runs " + offer.get("busy")
          + " sessions at once); try again later");
    }
    try {
      String version = offer.get("version");
      if (!InferenceConfig.VERSION.equals(version)) {
        throw refuse("version", version, InferenceConfig.VERSION);
      }
      for (Map.Entry<String, String> e : expect.pinned().entrySet()) {
        String v = offer.get(e.getKey());
        if (v == null && e.getKey().equals("pointwise")) {
          v = Pointwise.CHEETAH.label(); // stated only when not the default
        }
        if (!e.getValue().equals(v)) {
          throw refuse(e.getKey(), v, e.getValue());
        }
      }
      InferenceConfig config;
      try {
        config = InferenceConfig.fromFields(offer.fields(), threads).withInsecure(false);
      } catch (ParameterException e) {
        if (e.getMessage().startsWith("insecure")) {
          if (!expect.allowInsecure()) {
            throw new HandshakeException("insecure", "refused: the server's parameters are outside the HE-standard table ("
                + e.getMessage() + "); pass --insecure to accept them");
          }
          config = InferenceConfig.fromFields(offer.fields(), threads);
        } else {
          throw new HandshakeException("config", "refused: the server's config is invalid: " + e.getMessage());
        }
      }
      checkSecurity(config, expect.allowInsecure());
      String model = offer.get("model");
      int size;
      try {
        size = Integer.parseInt(offer.get("input_size"));
      } catch (NumberFormatException e) {
        throw refuse("input_size", offer.get("input_size"), "an integer");
      }
      String mine;
      try {
        mine = archHash.apply(model, size);
      } catch (IllegalArgumentException e) {
        throw new HandshakeException("model", "refused: model " + model + " at input size " + size + ": " + e.getMessage());
      }
      if (!mine.equals(offer.get("arch"))) {
        throw refuse("arch", offer.get("arch"), mine);
      }
      sendText(ch, "hello.reply", List.of("ok"));
      return new Accepted(config, offer);
    } catch (HandshakeException e) {
      sendText(ch, "hello.reply", List.of("refuse " + e.field() + ": " + e.getMessage()));
      ch.flush();
      throw e;
    }
  }

  private static void checkSecurity(InferenceConfig c, boolean allow) {
    try {
      if (c.protocol() == Protocol.JAGUAR) {
        HeStandard.requireSecure(c.pow2().degree(), c.pow2().logQ(), allow);
      }
      if (c.pointwise() == Pointwise.RHOMBUS) {
        RnsParams rh = c.rhombus().params();
        HeStandard.requireSecure(rh.degree(), rh.spec().logQ(), allow);
      }
      RnsParams r = c.rns();
      if (r != null) {
        HeStandard.requireSecure(r.degree(), r.spec().logQ(), allow);
      }
    } catch (ParameterException e) {
      throw new HandshakeException("insecure", "refused: " + e.getMessage() + " (pass --insecure to accept)");
    }
  }

  private static HandshakeException refuse(String field, String server, String client) {
    return new HandshakeException(field, "field " + field + ": server " + server + ", client " + client);
  }
}
