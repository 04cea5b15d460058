package dev.shipshape.backup.storage;

import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.config.BackupSettings;
import dev.shipshape.backup.config.S3Settings;
import dev.shipshape.common.job.DaemonThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The backup bucket: streams an upload of unknown length as a multipart upload, hashing SHA-256 on
 * the way (two parts in memory at most: one filling while the other uploads), reads objects back as
 * stored, and retries every S3 call a bounded number of times before the backup fails.
 */
@ApplicationScoped
public class ObjectStore {
  private static final Logger LOG = Logger.getLogger(ObjectStore.class);

  /** What was stored: the object's key, its length and the SHA-256 of its bytes. */
  public record Stored(String key, long size, String sha256) {}

  private final S3Client s3;
  private final S3Settings s3Settings;
  private final BackupSettings settings;
  private final ExecutorService uploads =
      Executors.newCachedThreadPool(DaemonThreads.named("s3-part-upload"));

  public ObjectStore(S3Client s3, S3Settings s3Settings, BackupSettings settings) {
    this.s3 = s3;
    this.s3Settings = s3Settings;
    this.settings = settings;
  }

  /**
   * Uploads everything {@code in} yields. An IOException from the stream (the producer failed)
   * aborts the upload and is rethrown, so no partial object is ever left.
   */
  public Stored upload(String key, InputStream in) throws IOException {
    String bucket = s3Settings.bucket();
    String uploadId =
        retry(
            "start the upload of " + key,
            () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
    MessageDigest sha = sha256();
    List<CompletedPart> parts = new ArrayList<>();
    long size = 0;
    Future<CompletedPart> pending = null;
    try {
      int partNumber = 0;
      while (true) {
        byte[] buffer = in.readNBytes(settings.partBytes());
        if (buffer.length == 0 && partNumber > 0) {
          break;
        }
        sha.update(buffer);
        size += buffer.length;
        if (pending != null) {
          parts.add(await(pending));
        }
        int number = ++partNumber;
        pending = uploads.submit(() -> uploadPart(bucket, key, uploadId, number, buffer));
        if (buffer.length < settings.partBytes()) {
          break;
        }
      }
      parts.add(await(pending));
      retry(
          "complete the upload of " + key,
          () ->
              s3.completeMultipartUpload(
                  b ->
                      b.bucket(bucket)
                          .key(key)
                          .uploadId(uploadId)
                          .multipartUpload(m -> m.parts(parts))));
      return new Stored(key, size, HexFormat.of().formatHex(sha.digest()));
    } catch (IOException | RuntimeException e) {
      if (pending != null) {
        pending.cancel(true);
      }
      abortQuietly(bucket, key, uploadId);
      throw e;
    }
  }

  private CompletedPart uploadPart(
      String bucket, String key, String uploadId, int number, byte[] bytes) {
    String etag =
        retry(
            "upload part " + number + " of " + key,
            () ->
                s3.uploadPart(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(bytes))
                    .eTag());
    return CompletedPart.builder().partNumber(number).eTag(etag).build();
  }

  private static CompletedPart await(Future<CompletedPart> part) throws IOException {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  /** Opens the object as stored; the caller closes the stream. */
  public InputStream open(String key) {
    return retry("read " + key, () -> s3.getObject(b -> b.bucket(s3Settings.bucket()).key(key)));
  }

  /** Reads the stored object through and returns its length and SHA-256. */
  public Stored hashStored(String key) {
    try (InputStream in = open(key)) {
      MessageDigest sha = sha256();
      byte[] buffer = new byte[1 << 16];
      long size = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
        size += n;
      }
      return new Stored(key, size, HexFormat.of().formatHex(sha.digest()));
    } catch (NoSuchKeyException e) {
      throw new BackupFailure("checksum", "the stored object " + key + " is missing");
    } catch (IOException e) {
      throw new BackupFailure(
          "checksum", "the stored object " + key + " could not be read back", e.getMessage());
    }
  }

  public void putText(String key, String text, String contentType) {
    retry(
        "write " + key,
        () ->
            s3.putObject(
                b -> b.bucket(s3Settings.bucket()).key(key).contentType(contentType),
                RequestBody.fromString(text)));
  }

  public void delete(String key) {
    retry("delete " + key, () -> s3.deleteObject(b -> b.bucket(s3Settings.bucket()).key(key)));
  }

  /**
   * Runs one S3 call with bounded retries; the last failure becomes an {@code upload} failure.
   * Public for the tests that damage stored objects on purpose: their writes meet the same
   * intermittent socket failures ("Error writing request body to server") as the service's own.
   */
  public <T> T retry(String what, Supplier<T> call) {
    Duration backoff = settings.s3Backoff();
    RuntimeException last = null;
    for (int attempt = 1; attempt <= settings.s3Attempts(); attempt++) {
      try {
        return call.get();
      } catch (NoSuchKeyException e) {
        throw e;
      } catch (RuntimeException e) {
        last = e;
        LOG.warnf(
            "S3: could not %s (attempt %d of %d): %s",
            what, attempt, settings.s3Attempts(), e.getMessage());
        if (attempt < settings.s3Attempts()) {
          LockSupport.parkNanos(backoff.toNanos());
          backoff = backoff.multipliedBy(2);
        }
      }
    }
    throw new BackupFailure(
        "upload",
        "the backup storage at "
            + s3Settings.endpoint()
            + " did not answer: could not "
            + what
            + " after "
            + settings.s3Attempts()
            + " attempts",
        String.valueOf(last.getMessage()));
  }

  private void abortQuietly(String bucket, String key, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (RuntimeException e) {
      LOG.warnf("S3: could not abort the upload of %s: %s", key, e.getMessage());
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("SHA-256 is always available", e));
    }
  }
}
