package jaguar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.conv.KernelCosts;
import jaguar.experiment.ServerProcess;
import jaguar.nn.FashionMnist;
import jaguar.nn.FixedPointInference;
import jaguar.nn.ImageInput;
import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import jaguar.nn.TruncationErrors;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.SecureModel;
import jaguar.share.TruncationMode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jaguar serve} and {@code jaguar infer} as real processes over loopback: clients in a row
 * and at once get the reference engine's top-1; a wrong architecture, a wrong parameter set and an
 * insecure one are refused with exit 3 naming the field; a client killed mid-session, one sending
 * garbage and one holding the only slot leave the server serving the next client correctly.
 */
class ServeInferTest {
  static ServerProcess server;
  static FashionMnist test;
  static FixedPointInference reference;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = ServerProcess.start(Main.class.getName(), List.of("-Xmx1g"),
        List.of("serve", "--model", "resnet8-fmnist", "--port", "0", "--ot", "iknp", "--truncation", "exact",
            "--max-sessions", "2", "--timeout", "20"),
        ServeCommand.LISTENING, System.err);
    test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    SecureModel sm = SecureModel.of(ModelZoo.get("resnet8-fmnist"),
        NetworkWeights.load("resnet8-fmnist", null, NetworkWeights.Synthetic.DEFAULT).weights(),
        InferenceConfig.jaguar().withTruncation(TruncationMode.EXACT), new KernelCosts(2048, 0.15, 20000, 3000, 3), 0);
    reference = sm.reference();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Run(int code, String out, String err) {}

  static Process client(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "infer"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).start();
  }

  static Run finish(Process p) throws Exception {
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p, true));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p, false));
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("client finished").isTrue();
    return new Run(p.exitValue(), out.get(), err.get());
  }

  private static String read(Process p, boolean out) {
    try {
      return new String((out ? p.getInputStream() : p.getErrorStream()).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static Run infer(String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of("--connect", "127.0.0.1:" + server.port()));
    a.addAll(List.of(args));
    return finish(client(a.toArray(new String[0])));
  }

  static int referenceTop1(int i) {
    return reference.run(test.image(i), TruncationErrors.none()).top1();
  }

  static String top1Line(int i) {
    int c = referenceTop1(i);
    return "1. class " + c + " " + ImageInput.FASHION_MNIST_CLASSES.get(c);
  }

  @Test
  void clientsInARowAndAtOnceGetTheReferenceTop1() throws Exception {
    for (int i : new int[] {0, 1}) {
      Run r = infer("--fmnist-index", Integer.toString(i));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains(top1Line(i)).containsPattern("online [0-9.]+ s, sent \\d+ bytes, received \\d+ bytes, \\d+ rounds");
    }
    Process a = client("--connect", "127.0.0.1:" + server.port(), "--fmnist-index", "2", "--json");
    Process b = client("--connect", "127.0.0.1:" + server.port(), "--fmnist-index", "3", "--json");
    Run ra = finish(a);
    Run rb = finish(b);
    assertThat(ra.code()).as(ra.err()).isZero();
    assertThat(rb.code()).as(rb.err()).isZero();
    assertThat(ra.out()).contains("\"label\":" + referenceTop1(2) + ",");
    assertThat(rb.out()).contains("\"label\":" + referenceTop1(3) + ",");
  }

  @Test
  void severalImagesInOneSessionGetTheReferenceTop1Each() throws Exception {
    Run r = infer("--fmnist-index", "4", "--fmnist-index", "5", "--fmnist-index", "6");
    assertThat(r.code()).as(r.err()).isZero();
    for (int i : new int[] {4, 5, 6}) {
      assertThat(r.out()).contains("input fmnist-test-" + i + "\n").contains(top1Line(i));
    }
    assertThat(r.out().split("online ", -1)).hasSize(4); // one result line per image
  }

  @Test
  void aPngOfAFashionMnistImageIsClassified() throws Exception {
    Path png = dir.resolve("five.png");
    ImageIO.write(ImageInput.fashionMnistPicture(test, 5), "png", png.toFile());
    Run r = infer("--image", png.toString(), "--model", "resnet8-fmnist");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains(top1Line(5));
  }

  @Test
  void aWrongArchitectureOrParameterSetIsRefusedWithExitThree() throws Exception {
    Run r = infer("--fmnist-index", "0", "--expect", "arch=" + "00".repeat(32));
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("refused at the handshake: field arch: server ");
    r = infer("--fmnist-index", "0", "--expect", "T=30");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("field T: server 32, client 30");
    r = infer("--fmnist-index", "0", "--model", "mobilenetv2-fmnist");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("field model: server resnet8-fmnist, client mobilenetv2-fmnist");
  }

  @Test
  void anInsecureServerIsRefusedUnlessTheClientAllowsIt() throws Exception {
    try (ServerProcess insecure = ServerProcess.start(Main.class.getName(), List.of("-Xmx1g"),
        List.of("serve", "--model", "resnet8-fmnist", "--port", "0", "--ot", "iknp", "--insecure", "--logN", "10"),
        ServeCommand.LISTENING, System.err)) {
      Run r = finish(client("--connect", "127.0.0.1:" + insecure.port(), "--fmnist-index", "0"));
      assertThat(r.code()).isEqualTo(3);
      assertThat(r.err()).contains("refused at the handshake").contains("log q 54 > 27 allowed at N=1024");
      r = finish(client("--connect", "127.0.0.1:" + insecure.port(), "--fmnist-index", "0", "--insecure"));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains(top1Line(0));
    }
  }

  @Test
  void aKilledClientAGarbageClientAndABusyServerLeaveItServing() throws Exception {
    Process killed = client("--connect", "127.0.0.1:" + server.port(), "--fmnist-index", "4");
    Thread.sleep(1500);
    killed.destroyForcibly();
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream o = s.getOutputStream();
      o.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] junk = new byte[4096];
      new java.util.Random(1).nextBytes(junk);
      o.write(junk);
      o.flush();
    }
    Run r = infer("--fmnist-index", "6");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains(top1Line(6));
    // two silent connections hold both slots: the next client is told the server is busy
    try (Socket a = new Socket("127.0.0.1", server.port()); Socket b = new Socket("127.0.0.1", server.port())) {
      Thread.sleep(500);
      Run busy = infer("--fmnist-index", "7");
      assertThat(busy.code()).isEqualTo(3);
      assertThat(busy.err()).contains("busy");
    }
    Thread.sleep(500);
    r = infer("--fmnist-index", "8");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains(top1Line(8));
  }
}
