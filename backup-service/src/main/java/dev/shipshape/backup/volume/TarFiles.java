package dev.shipshape.backup.volume;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Copies tar streams entry by entry under a new prefix, hashing every regular file on the way: the
 * file list and checksums of an archive, without ever holding a file or the archive whole.
 */
final class TarFiles {
  private TarFiles() {}

  /** Files (path → sha256) and the total bytes seen. */
  record Listing(Map<String, String> files, long bytes) {}

  /**
   * Copies each entry of {@code in} to {@code out} with its name under {@code prefix} (the
   * archive's root entry "." becomes the prefix itself); returns the regular files' checksums.
   */
  static Listing copy(InputStream in, TarArchiveOutputStream out, String prefix)
      throws IOException {
    Map<String, String> files = new TreeMap<>();
    long bytes = 0;
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    TarArchiveEntry entry;
    byte[] buffer = new byte[1 << 16];
    while ((entry = tar.getNextEntry()) != null) {
      String relative = relative(entry.getName());
      String name =
          prefix.isEmpty() ? relative : relative.isEmpty() ? prefix : prefix + "/" + relative;
      if (name.isEmpty()) {
        continue;
      }
      TarArchiveEntry copy =
          new TarArchiveEntry(entry.isDirectory() ? name + "/" : name, entry.getLinkFlag());
      copy.setMode(entry.getMode());
      copy.setModTime(entry.getModTime());
      copy.setUserId(entry.getLongUserId());
      copy.setGroupId(entry.getLongGroupId());
      copy.setUserName(entry.getUserName());
      copy.setGroupName(entry.getGroupName());
      if (entry.isSymbolicLink() || entry.isLink()) {
        copy.setLinkName(entry.getLinkName());
      }
      if (regular(entry)) {
        copy.setSize(entry.getSize());
      }
      out.putArchiveEntry(copy);
      if (regular(entry)) {
        MessageDigest sha = sha256();
        int n;
        while ((n = tar.read(buffer)) > 0) {
          sha.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
        files.put(name, HexFormat.of().formatHex(sha.digest()));
        bytes += entry.getSize();
      }
      out.closeArchiveEntry();
    }
    return new Listing(files, bytes);
  }

  /** Reads an archive through and lists its regular files by name (prefix removed). */
  static Listing list(InputStream in, String prefix) throws IOException {
    Map<String, String> files = new TreeMap<>();
    long bytes = 0;
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    TarArchiveEntry entry;
    byte[] buffer = new byte[1 << 16];
    while ((entry = tar.getNextEntry()) != null) {
      if (!regular(entry)) {
        continue;
      }
      String relative = relative(entry.getName());
      MessageDigest sha = sha256();
      int n;
      while ((n = tar.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
      files.put(
          prefix.isEmpty() ? relative : prefix + "/" + relative,
          HexFormat.of().formatHex(sha.digest()));
      bytes += entry.getSize();
    }
    return new Listing(files, bytes);
  }

  /** A regular file with content (not a directory, symlink, hard link or device). */
  static boolean regular(TarArchiveEntry entry) {
    return entry.isFile()
        && !entry.isSymbolicLink()
        && !entry.isLink()
        && !entry.isCharacterDevice()
        && !entry.isBlockDevice()
        && !entry.isFIFO();
  }

  static TarArchiveOutputStream writer(OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    return tar;
  }

  /** An entry name without "./" or "/" in front (the engine's archive of "path/." starts "./"). */
  static String relative(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.startsWith("./") ? n.substring(2) : n.substring(1);
    }
    if (n.equals(".")) {
      n = "";
    }
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
