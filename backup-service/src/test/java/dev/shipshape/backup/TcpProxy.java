package dev.shipshape.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small TCP proxy put in front of the real S3 server so a test can make storage unreachable
 * (connections closed at once) or stuck (accepted, never answered), and heal it again.
 */
public final class TcpProxy implements AutoCloseable {
  /** How the proxy treats connections. */
  public enum Mode {
    FORWARD,
    REFUSE,
    STALL
  }

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
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
      pump(client, upstream);
      pump(upstream, client);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[1 << 16];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
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
