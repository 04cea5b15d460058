package dev.shipshape.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small TCP proxy put in front of the real S3 server so a test can make storage unreachable
 * (connections closed at once) or stuck (accepted, never answered), heal it again, or flip one byte
 * in what a reader gets back, as a bad disk or a bad link would.
 */
public final class TcpProxy implements AutoCloseable {
  /** How the proxy treats connections. */
  public enum Mode {
    FORWARD,
    REFUSE,
    STALL
  }

  /** Which byte of a corrupted response body is flipped. */
  private static final int FLIPPED_BODY_OFFSET = 100;

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> corruptRequestPrefix = new AtomicReference<>();
  private final AtomicReference<String> cutRequestPrefix = new AtomicReference<>();
  private final AtomicInteger corrupted = new AtomicInteger();
  private volatile Mode mode = Mode.FORWARD;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Switches mode; every connection open now is dropped, so the change applies at once. */
  public void mode(Mode newMode) {
    mode = newMode;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /**
   * The next HTTP response to a request whose first line starts with {@code requestLinePrefix}
   * (e.g. {@code "GET /bucket/stack/"}) gets one byte of its body flipped; only that one. Needs one
   * request per connection, which is how Shipshape talks to S3.
   */
  public void corruptNextResponseTo(String requestLinePrefix) {
    corruptRequestPrefix.set(requestLinePrefix);
  }

  /**
   * The first request whose first line starts with {@code requestLinePrefix} cuts storage off while
   * it is in flight: that connection and every open one are dropped, and the proxy refuses
   * connections from then on (until {@link #mode} heals it).
   */
  public void cutOnRequestTo(String requestLinePrefix) {
    cutRequestPrefix.set(requestLinePrefix);
  }

  /** How many responses have been corrupted so far. */
  public int corruptedResponses() {
    return corrupted.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        switch (mode) {
          case REFUSE -> closeQuietly(client);
          case STALL -> open.add(client);
          case FORWARD -> forward(client);
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  private void forward(Socket client) {
    try {
      Socket upstream = new Socket(targetHost, targetPort);
      open.add(client);
      open.add(upstream);
      ResponseCorruption corruption = new ResponseCorruption();
      pump(client, upstream, corruption::inspectRequest);
      pump(upstream, client, corruption::apply);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  /** What one connection's pumps share: whether this response is the one to corrupt. */
  private final class ResponseCorruption {
    private volatile boolean armed;
    private boolean requestSeen;
    private final StringBuilder headers = new StringBuilder();
    private long bodyOffset = -1;

    void inspectRequest(byte[] buffer, int n) {
      if (requestSeen) {
        return;
      }
      requestSeen = true;
      String start = new String(buffer, 0, Math.min(n, 512), StandardCharsets.ISO_8859_1);
      String cut = cutRequestPrefix.get();
      if (cut != null && start.startsWith(cut) && cutRequestPrefix.compareAndSet(cut, null)) {
        mode(Mode.REFUSE);
        return;
      }
      String prefix = corruptRequestPrefix.get();
      if (prefix != null
          && start.startsWith(prefix)
          && corruptRequestPrefix.compareAndSet(prefix, null)) {
        armed = true;
      }
    }

    void apply(byte[] buffer, int n) {
      if (!armed) {
        return;
      }
      for (int i = 0; i < n; i++) {
        if (bodyOffset < 0) {
          headers.append((char) (buffer[i] & 0xff));
          if (headers.length() >= 4 && headers.lastIndexOf("\r\n\r\n") == headers.length() - 4) {
            bodyOffset = 0;
          }
        } else if (bodyOffset++ == FLIPPED_BODY_OFFSET) {
          buffer[i] ^= 0x01;
          armed = false;
          corrupted.incrementAndGet();
          return;
        }
      }
    }
  }

  /** Sees each chunk before it is passed on, and may change it in place. */
  private interface Tap {
    void chunk(byte[] buffer, int n);
  }

  private void pump(Socket from, Socket to, Tap tap) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[1 << 16];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  tap.chunk(buffer, n);
                  out.write(buffer, 0, n);
                }
              } catch (IOException e) {
                // one side went away; closing both ends the connection
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    mode(Mode.REFUSE);
    server.close();
  }
}
