package jaguar.cli;

import jaguar.math.Prg;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.NetworkProfile;
import jaguar.net.ProtocolException;
import jaguar.net.TcpChannels;
import jaguar.nn.FashionMnist;
import jaguar.nn.ImageInput;
import jaguar.nn.ModelZoo;
import jaguar.nn.Safetensors;
import jaguar.nn.Tensor;
import jaguar.protocol.ClientSession;
import jaguar.protocol.SessionChannels;
import jaguar.protocol.Handshake;
import jaguar.protocol.HandshakeException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jaguar infer}: privately classifies one input, or several in one session (one handshake
 * and setup), with a served model ({@code jaguar serve}): the image never leaves this process in
 * the clear. Checks the server's offer before any secret
 * moves (parameters against the HE-standard table, the model's architecture against this copy of
 * the zoo, any field pinned with {@code --model} or {@code --expect}). Exit codes: 0 done, 2 bad
 * option, 3 refused at the handshake, 4 connection or protocol failure.
 */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = {
      "Privately classify an image (or several in one session: repeat --image or --fmnist-index) with a model served by 'jaguar serve'.",
      "Prints the top classes (or the top-1 only, if the server's output policy is label) and one line with the online",
      "time, the bytes sent and received and the rounds. Exit 0 done, 2 bad option, 3 refused at the handshake,",
      "4 connection or protocol failure."
    })
final class InferCommand implements Callable<Integer> {
  static final int REFUSED = 3;
  static final int FAILED = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--connect", required = true, description = "the server, HOST:PORT")
  String connect;

  static final class Input {
    @Option(names = "--image", description = "a PNG or JPEG (preprocessed as the model expects); repeatable: several images in one session")
    List<Path> images;

    @Option(names = "--fmnist-index", description = "a Fashion-MNIST test image by index (Fashion-MNIST models); repeatable")
    List<Integer> fmnistIndices;

    @Option(names = "--input", description = "a safetensors file with a tensor 'input' of the model's input shape, already preprocessed")
    Path input;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input in;

  @Option(names = "--top", defaultValue = "5", description = "classes to print (default: ${DEFAULT-VALUE})")
  int top;

  @Option(names = "--json", description = "print one JSON object instead")
  boolean json;

  @Option(names = "--model", description = "refuse a server that serves another model")
  String model;

  @Option(names = "--expect", description = "refuse a server whose offer differs in this field, KEY=VALUE (e.g. T=32, protocol=jaguar, arch=<hash>); repeatable")
  List<String> expect = new ArrayList<>();

  @Option(names = "--insecure", description = "accept parameters outside the HE-standard table")
  boolean insecure;

  @Option(names = "--threads", defaultValue = "1", description = "kernel threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--data", defaultValue = FashionMnist.DEFAULT_DIR, description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait for the server (default: ${DEFAULT-VALUE})")
  int timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int colon = connect.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(connect.substring(colon + 1));
      if (colon <= 0 || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (RuntimeException e) {
      throw new BadInputException("--connect", connect, "HOST:PORT with a port in 1..65535");
    }
    if (top < 1) {
      throw new BadInputException("--top", top, "at least 1");
    }
    Map<String, String> pinned = new LinkedHashMap<>();
    if (model != null) {
      if (!ModelZoo.names().contains(model)) {
        throw new BadInputException("--model", model, String.join(", ", ModelZoo.names()));
      }
      pinned.put("model", model);
    }
    for (String e : expect) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new BadInputException("--expect", e, "KEY=VALUE");
      }
      pinned.put(e.substring(0, eq), e.substring(eq + 1));
    }
    // read the inputs before connecting: a bad file fails here, not in the middle of a session
    List<BufferedImage> pictures = new ArrayList<>();
    List<String> names = new ArrayList<>();
    float[] given = null;
    FashionMnist fm = null;
    try {
      if (in.images != null) {
        for (Path p : in.images) {
          pictures.add(ImageInput.read(p));
          names.add(p.toString());
        }
      } else if (in.fmnistIndices != null) {
        fm = FashionMnist.load(data, "test");
        for (int i : in.fmnistIndices) {
          if (i < 0 || i >= fm.count()) {
            throw new BadInputException("--fmnist-index", i, "0.." + (fm.count() - 1));
          }
          names.add("fmnist-test-" + i);
        }
      } else {
        Tensor t = Safetensors.read(in.input).get("input");
        if (t == null) {
          throw new BadInputException("--input", in.input, "a safetensors file with a tensor named 'input'");
        }
        given = t.data();
        names.add(in.input.toString());
      }
    } catch (IOException e) {
      throw new BadInputException(e.getMessage());
    }
    float[] raw = given;
    FashionMnist fmnist = fm;
    ClientSession.Inputs inputs = (index, m, preprocessing) -> {
      if (!pictures.isEmpty()) {
        return ImageInput.tensor(m.name(), pictures.get(index));
      }
      if (fmnist != null) {
        if (!ModelZoo.SMALL.contains(m.name())) {
          throw new IllegalArgumentException("--fmnist-index: the server serves " + m.name() + ", not a Fashion-MNIST model");
        }
        return fmnist.image(in.fmnistIndices.get(index));
      }
      return raw;
    };
    ChannelOptions options = new ChannelOptions(NetworkProfile.NONE, Duration.ofSeconds(timeout));
    Channel ch;
    try {
      ch = TcpChannels.connect(connect.substring(0, colon), port, "client", options);
    } catch (ProtocolException e) {
      err.println("infer: " + e.getMessage());
      err.flush();
      return FAILED;
    }
    List<ClientSession.Outcome> os;
    ProgressBar[] bar = new ProgressBar[1];
    try {
      ClientSession c = new ClientSession(new Handshake.Expectations(pinned, insecure), threads, Prg.secure(), r -> {
        if (bar[0] == null && !json) {
          bar[0] = new ProgressBarBuilder().setTaskName("private inference").setInitialMax(-1).setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        }
        if (bar[0] != null) {
          bar[0].step();
          bar[0].setExtraMessage(r.name());
        }
      });
      os = c.run(ch, SessionChannels.tcpClient(connect.substring(0, colon)), names.size(), inputs);
    } catch (HandshakeException e) {
      err.println("infer: refused at the handshake: " + e.getMessage());
      err.flush();
      return REFUSED;
    } catch (ProtocolException e) {
      err.println("infer: " + e.getMessage());
      err.flush();
      return FAILED;
    } catch (IllegalArgumentException e) {
      err.println("infer: " + e.getMessage());
      err.flush();
      return Main.BAD_INPUT;
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
      ch.close();
    }
    for (int i = 0; i < os.size(); i++) {
      print(out, os.get(i), os.size() == 1 ? null : names.get(i));
    }
    return 0;
  }

  /** One image's result; {@code name} labels it in a session of several (null for one). */
  private void print(PrintWriter out, ClientSession.Outcome o, String name) {
    boolean fmnist = ModelZoo.SMALL.contains(o.model());
    double scale = Math.scalb(1.0, o.config().fracBits());
    List<Integer> order = new ArrayList<>();
    if (o.logits() != null) {
      for (int i = 0; i < o.logits().length; i++) {
        order.add(i);
      }
      order.sort((a, b) -> Long.compare(o.logits()[b], o.logits()[a]));
    } else {
      order.add(o.label());
    }
    int k = Math.min(top, order.size());
    var s = o.stats();
    if (json) {
      StringBuilder j = new StringBuilder("{");
      if (name != null) {
        j.append("\"input\":\"").append(name.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",");
      }
      j.append("\"model\":\"").append(o.model()).append("\",\"protocol\":\"").append(o.config().protocol().label())
          .append("\",\"output\":\"").append(o.config().output().label()).append("\",\"label\":").append(o.label());
      if (fmnist) {
        j.append(",\"label_name\":\"").append(ImageInput.FASHION_MNIST_CLASSES.get(o.label()).replace("\"", "\\\"")).append('"');
      }
      j.append(",\"top\":[");
      for (int i = 0; i < k; i++) {
        int c = order.get(i);
        j.append(i == 0 ? "" : ",").append("{\"class\":").append(c);
        if (fmnist) {
          j.append(",\"name\":\"").append(ImageInput.FASHION_MNIST_CLASSES.get(c)).append('"');
        }
        if (o.logits() != null) {
          j.append(",\"logit\":").append(String.format(Locale.ROOT, "%.4f", o.logits()[c] / scale));
        }
        j.append('}');
      }
      j.append(String.format(Locale.ROOT, "],\"online_s\":%.4f,\"setup_s\":%.4f,\"bytes_sent\":%d,\"bytes_received\":%d,\"rounds\":%d}",
          s.onlineSeconds(), s.setupSeconds(), s.onlineSent(), s.onlineReceived(), s.onlineRounds()));
      out.println(j);
    } else {
      if (name != null) {
        out.printf(Locale.ROOT, "input %s%n", name);
      }
      out.printf(Locale.ROOT, "model %s, %s%n", o.model(), o.config().label());
      if (o.logits() == null) {
        out.println("the server's output policy is label: only the top-1 class was computed, the logits stay shared");
      }
      for (int i = 0; i < k; i++) {
        int c = order.get(i);
        out.printf(Locale.ROOT, "%d. class %d%s%s%n", i + 1, c, fmnist ? " " + ImageInput.FASHION_MNIST_CLASSES.get(c) : "",
            o.logits() == null ? "" : String.format(Locale.ROOT, "  logit %.4f", o.logits()[c] / scale));
      }
      out.printf(Locale.ROOT, "online %.3f s, sent %d bytes, received %d bytes, %d rounds (setup %.3f s, %d bytes)%n",
          s.onlineSeconds(), s.onlineSent(), s.onlineReceived(), s.onlineRounds(), s.setupSeconds(),
          s.setupSent() + s.setupReceived());
    }
    out.flush();
  }
}
