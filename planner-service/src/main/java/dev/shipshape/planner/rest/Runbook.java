package dev.shipshape.planner.rest;

import dev.shipshape.planner.rest.UpdateView.BackupView;
import dev.shipshape.planner.rest.UpdateView.StepView;
import java.util.Comparator;
import java.util.List;

/**
 * The Markdown runbook of one update: the exact steps, where the backups are, and how to roll back
 * and restore by hand with the recorded digests — for the day Shipshape itself is not there to do
 * it. Pure logic.
 */
public final class Runbook {
  private Runbook() {}

  public static String of(UpdateView u) {
    StringBuilder md = new StringBuilder();
    md.append("# Runbook: update ").append(u.updateId()).append("\n\n");
    md.append("- stack: `").append(u.stack()).append("` (").append(u.environment()).append(")\n");
    md.append("- asked by: ").append(u.requestedBy());
    md.append(u.reason() == null ? "" : " — " + u.reason()).append("\n");
    md.append("- status: ").append(u.status());
    md.append(u.summary() == null ? "" : " — " + u.summary()).append("\n\n");

    md.append("## Steps\n\n");
    if (u.steps().isEmpty()) {
      md.append("Nothing to change.\n");
    }
    int wave = -1;
    for (StepView s : u.steps()) {
      if (s.wave() != wave) {
        wave = s.wave();
        md.append("\n### Wave ").append(wave).append(wave == 0 ? " (canary)" : "").append("\n\n");
      }
      md.append(s.seq() + 1)
          .append(". `")
          .append(s.host())
          .append("` ")
          .append(s.service())
          .append(" (")
          .append(s.tier().toLowerCase())
          .append(") → `")
          .append(s.image())
          .append("`, ")
          .append(s.strategy().toLowerCase().replace('_', '-'))
          .append(" — ")
          .append(s.state().toLowerCase())
          .append(s.digest() == null ? "" : ", runs `" + s.digest() + "`")
          .append("\n");
    }

    md.append("\n## Backups taken before the change\n\n");
    if (u.backups().isEmpty()) {
      md.append("None needed: no stateful service changes.\n");
    }
    for (BackupView b : u.backups()) {
      md.append("- `")
          .append(b.host())
          .append("` ")
          .append(b.service())
          .append(": ")
          .append(b.kind())
          .append(" (")
          .append(b.mode())
          .append("), ")
          .append(b.state().toLowerCase())
          .append(
              b.objectKey() == null
                  ? ", location not known yet"
                  : ", at `s3://$SHIPSHAPE_S3_BUCKET/" + b.objectKey() + "`")
          .append(b.sha256() == null ? "" : ", sha256 `" + b.sha256() + "`")
          .append(b.restoreOnRollback() ? " — **restored on rollback**" : "")
          .append("\n");
    }

    md.append("\n## Roll back by hand\n\n");
    md.append("With Shipshape: `POST /api/updates/")
        .append(u.updateId())
        .append("/rollback` (or `./shipshape rollback ")
        .append(u.updateId())
        .append(" --reason …`). Without it, newest step first, on each host:\n\n");
    List<StepView> newestFirst =
        u.steps().stream()
            .filter(s -> s.digest() != null)
            .sorted(Comparator.comparingInt(StepView::seq).reversed())
            .toList();
    if (newestFirst.isEmpty()) {
      md.append("Nothing was deployed yet: nothing to roll back.\n");
    }
    for (StepView s : newestFirst) {
      md.append("- on `").append(s.host()).append("`, ").append(s.service()).append(": ");
      if (s.previousDigest() == null) {
        md.append("it did not run before this update; remove it: `docker compose -p ")
            .append(u.stack())
            .append(" rm -s -f ")
            .append(s.service())
            .append("`\n");
      } else {
        md.append("set `image: ")
            .append(pinned(s.previousImage(), s.previousDigest()))
            .append("` for ")
            .append(s.service())
            .append(" in the compose file and run `docker compose -p ")
            .append(u.stack())
            .append(" up -d --no-deps ")
            .append(s.service())
            .append("`\n");
      }
    }

    List<BackupView> restores = u.backups().stream().filter(BackupView::restoreOnRollback).toList();
    if (!restores.isEmpty()) {
      md.append("\n## Restore the data (the migration is not backward-compatible)\n\n");
      md.append(
          "After the images are back, for each backup below: stop the service, restore, start it.\n\n");
      for (BackupView b : restores) {
        String object =
            "s3://$SHIPSHAPE_S3_BUCKET/" + (b.objectKey() == null ? "<key>" : b.objectKey());
        md.append("- `").append(b.host()).append("` ").append(b.service()).append(": ");
        if ("postgres".equals(b.kind())) {
          md.append("`aws s3 cp ")
              .append(object)
              .append(
                  " - | docker exec -i <container> pg_restore --clean --if-exists -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"`");
        } else {
          md.append("`aws s3 cp ")
              .append(object)
              .append(" - | docker run --rm -i -v <volume>:/data busybox tar -x -C /data`");
        }
        md.append("; check the sha256 first: `").append(b.sha256()).append("`\n");
      }
    }
    return md.toString();
  }

  private static String pinned(String image, String digest) {
    if (image == null) {
      return digest;
    }
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    return digest.startsWith("sha256:") ? name + "@" + digest : name;
  }
}
