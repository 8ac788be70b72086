package jaguar.protocol;

import jaguar.net.Channel;
import jaguar.net.ProtocolException;
import jaguar.net.TcpChannels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The further TCP connections of a session (spec section 11): the server announces {@code
 * join.offer} (a 4-byte port, a 16-byte token) on the main channel; the client connects that many
 * times and sends {@code join.hello} (the token, a 4-byte index from 1) on each. A connection with
 * a wrong token, index or message is closed and the server waits on (up to 4 per expected
 * connection); one that sends nothing holds the wait until the session's timeout, after which the
 * session fails naming how many joined. The port lives only until the connections have joined.
 */
final class TcpJoin {
  static final int TOKEN_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private TcpJoin() {}

  static Channel[] accept(Channel main, int count) {
    byte[] token = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(token);
    Channel[] out = new Channel[count];
    long deadline = System.nanoTime() + main.options().timeout().toNanos();
    try (ServerSocket listener = new ServerSocket(0, count, main.localAddress())) {
      main.send("join.offer", ByteBuffer.allocate(4 + TOKEN_BYTES).putInt(listener.getLocalPort()).put(token).array());
      main.flush();
      int joined = 0;
      int strangers = 0;
      while (joined < count) {
        long left = deadline - System.nanoTime();
        Socket s = null;
        if (left > 0) {
          listener.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
          try {
            s = listener.accept();
          } catch (SocketTimeoutException e) {
            s = null;
          }
        }
        if (s == null) {
          throw new ProtocolException(main.name() + ": " + joined + " of " + count + " further connections joined within "
              + main.options().timeout().toMillis() / 1000.0 + " s (the session's timeout)");
        }
        Channel c = TcpChannels.wrap(s, main.name() + "-" + (joined + 1), main.options());
        int index = -1;
        try {
          ByteBuffer hello = ByteBuffer.wrap(c.receive("join.hello", TOKEN_BYTES + 4));
          byte[] theirs = new byte[TOKEN_BYTES];
          hello.get(theirs);
          index = hello.getInt();
          if (!MessageDigest.isEqual(theirs, token) || index < 1 || index > count || out[index - 1] != null) {
            index = -1;
          }
        } catch (ProtocolException e) {
          index = -1;
        }
        if (index < 0) {
          c.close();
          if (++strangers > 4 * count) {
            throw new ProtocolException(main.name() + ": " + strangers + " connections to the join port without this session's token");
          }
          continue;
        }
        out[index - 1] = c;
        joined++;
      }
      return out;
    } catch (IOException e) {
      closeAll(out);
      throw new ProtocolException(main.name() + ": cannot accept further connections: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(out);
      throw e;
    }
  }

  static Channel[] connect(Channel main, String host, int count) {
    ByteBuffer offer = ByteBuffer.wrap(main.receive("join.offer", 4 + TOKEN_BYTES));
    int port = offer.getInt();
    if (port < 1 || port > 65535) {
      throw new ProtocolException(main.name() + ": join.offer: port " + port + "; valid: 1..65535");
    }
    byte[] token = new byte[TOKEN_BYTES];
    offer.get(token);
    Channel[] out = new Channel[count];
    try {
      for (int i = 0; i < count; i++) {
        out[i] = TcpChannels.connect(host, port, main.name() + "-" + (i + 1), main.options());
        out[i].send("join.hello", ByteBuffer.allocate(TOKEN_BYTES + 4).put(token).putInt(i + 1).array());
        out[i].flush();
      }
      return out;
    } catch (RuntimeException e) {
      closeAll(out);
      throw e;
    }
  }

  private static void closeAll(Channel[] cs) {
    for (Channel c : cs) {
      if (c != null) {
        c.close();
      }
    }
  }
}
