package dev.shipshape.backup.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory pipe between a producer (an exec's stdout) and the uploader: the producer
 * blocks when the uploader lags, so at most a few MB are ever held. Either side can end it with a
 * reason: the producer when its command failed (the upload then aborts), the reader when the upload
 * gave up (the producer's next write fails instead of blocking forever).
 */
public final class StreamPipe {
  private static final byte[] EOF = new byte[0];
  private static final int CHUNKS = 64;

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS);
  private volatile String writerFailure;
  private volatile String readerGone;
  private final Out out = new Out();
  private final In in = new In();

  public OutputStream output() {
    return out;
  }

  public InputStream input() {
    return in;
  }

  /** The producer ended badly: the reader sees an IOException with this reason. */
  public void fail(String reason) {
    writerFailure = reason;
    offerQuietly(EOF);
  }

  private void offerQuietly(byte[] chunk) {
    chunks.clear();
    chunks.offer(chunk);
  }

  private final class Out extends OutputStream {
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      byte[] copy = new byte[len];
      System.arraycopy(b, off, copy, 0, len);
      try {
        while (!chunks.offer(copy, 200, TimeUnit.MILLISECONDS)) {
          if (readerGone != null) {
            throw new IOException(readerGone);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (readerGone != null) {
        throw new IOException(readerGone);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        while (readerGone == null && !chunks.offer(EOF, 200, TimeUnit.MILLISECONDS)) {
          // the reader is still draining
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  private final class In extends InputStream {
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (pos >= current.length) {
        if (ended) {
          return -1;
        }
        byte[] next;
        try {
          next = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        if (writerFailure != null) {
          throw new IOException(writerFailure);
        }
        if (next == EOF) {
          ended = true;
          return -1;
        }
        current = next;
        pos = 0;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() {
      if (!ended && readerGone == null) {
        readerGone = "the upload stopped reading";
      }
      ended = true;
      chunks.clear();
    }
  }
}
