package dev.shipshape.backup.rest;

import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.job.Catalog;
import dev.shipshape.backup.job.JobQueue;
import dev.shipshape.backup.job.Methods;
import dev.shipshape.backup.job.Verifier;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.persistence.BackupCheck;
import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.persistence.BackupJobRepository;
import dev.shipshape.backup.persistence.BackupRepository;
import dev.shipshape.common.engine.HostEngines;
import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.rest.Problems;
import dev.shipshape.common.security.Role;
import dev.shipshape.common.security.Role.Level;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The backup catalog over HTTP: list and show backups with their checks, take one on demand, and
 * re-run a backup's verification (a restore drill).
 */
@Path("/api/backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupResource {
  private static final Set<String> MODES = Set.of("hot", "cold");

  private final BackupRepository backups;
  private final BackupJobRepository jobs;
  private final JobQueue queue;
  private final HostEngines engines;
  private final Methods methods;
  private final Verifier verifier;
  private final Catalog catalog;

  public BackupResource(
      BackupRepository backups,
      BackupJobRepository jobs,
      JobQueue queue,
      HostEngines engines,
      Methods methods,
      Verifier verifier,
      Catalog catalog) {
    this.backups = backups;
    this.jobs = jobs;
    this.queue = queue;
    this.engines = engines;
    this.methods = methods;
    this.verifier = verifier;
    this.catalog = catalog;
  }

  /** A backup as shown to operators. */
  public record BackupView(
      String id,
      String updateId,
      String stack,
      String host,
      String service,
      String kind,
      String mode,
      String container,
      String image,
      String imageDigest,
      String objectKey,
      Long sizeBytes,
      String sha256,
      Map<String, Long> captured,
      int files,
      String status,
      String failedCheck,
      String reason,
      String evidence,
      Instant createdAt,
      Instant verifiedAt,
      Instant expiredAt,
      List<CheckView> checks) {}

  /** One recorded check. */
  public record CheckView(String check, boolean passed, String detail, Instant at) {}

  /** An on-demand backup. */
  public record BackupOrder(
      String stack,
      String host,
      String service,
      String kind,
      String container,
      String mode,
      String updateId) {}

  /** A queued job and, once taken, its backup. */
  public record JobView(String id, String type, String status, String reason, String backupId) {}

  @GET
  @Transactional
  public List<BackupView> list(
      @QueryParam("stack") String stack,
      @QueryParam("service") String service,
      @QueryParam("host") String host) {
    return backups.search(stack, service, host).stream().map(b -> view(b, List.of())).toList();
  }

  @GET
  @Path("/{id}")
  @Transactional
  public BackupView get(@PathParam("id") String id) {
    Backup b = backups.findById(id);
    if (b == null) {
      throw new NotFoundException("no backup " + id);
    }
    return view(b, backups.checksOf(id));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Role(Level.OPERATOR)
  public Response take(BackupOrder order) {
    List<Problem> problems = problems(order);
    if (!problems.isEmpty()) {
      return Problems.invalid(400, "the backup cannot be taken as asked", problems);
    }
    BackupJob job = new BackupJob();
    job.eventId = "api-" + UUID.randomUUID();
    job.updateId = blank(order.updateId()) ? "manual-" + UUID.randomUUID() : order.updateId();
    job.jobType = BackupJob.Type.BACKUP;
    job.stack = order.stack();
    job.host = order.host();
    job.service = order.service();
    job.kind = order.kind();
    job.container = order.container();
    job.mode = blank(order.mode()) ? "hot" : order.mode();
    QuarkusTransaction.requiringNew().run(() -> queue.add(job));
    return Response.accepted(job(job.eventId))
        .location(URI.create("/api/backups/jobs/" + job.eventId))
        .build();
  }

  @GET
  @Path("/jobs/{id}")
  @Transactional
  public JobView job(@PathParam("id") String id) {
    BackupJob j = jobs.findById(id);
    if (j == null) {
      throw new NotFoundException("no job " + id);
    }
    return new JobView(
        j.eventId, j.jobType.name().toLowerCase(), j.status.name(), j.reason, j.backupId);
  }

  /** Re-runs every check of a stored backup now; the outcome is recorded either way. */
  @POST
  @Path("/{id}/verify")
  @Role(Level.OPERATOR)
  public BackupView verify(@PathParam("id") String id) {
    Backup b = catalog.find(id);
    if (b == null) {
      throw new NotFoundException("no backup " + id);
    }
    if (Backup.Status.EXPIRED.equals(b.status)
        || Backup.Status.TAKING.equals(b.status)
        || b.sha256 == null) {
      throw new ClientErrorException(
          Problems.conflict(
              "backup " + id + " is " + b.status.name().toLowerCase() + " and cannot be verified"));
    }
    try {
      verifier.verify(b);
      catalog.verified(id, null);
    } catch (BackupFailure f) {
      catalog.failed(id, null, f);
    }
    return QuarkusTransaction.requiringNew().call(() -> get(id));
  }

  private List<Problem> problems(BackupOrder order) {
    List<Problem> problems = new ArrayList<>();
    if (order == null) {
      problems.add(new Problem("body", "a JSON body is required"));
      return problems;
    }
    require(problems, "stack", order.stack());
    require(problems, "host", order.host());
    require(problems, "service", order.service());
    require(problems, "kind", order.kind());
    require(problems, "container", order.container());
    if (!blank(order.host()) && !engines.serves(order.host())) {
      problems.add(new Problem("host", "this instance has no engine for host " + order.host()));
    }
    if (!blank(order.kind()) && !methods.knows(order.kind())) {
      problems.add(
          new Problem("kind", "unknown kind " + order.kind() + " (postgres, volume, snapshot)"));
    }
    if (!blank(order.mode()) && !MODES.contains(order.mode())) {
      problems.add(new Problem("mode", "mode must be hot or cold, not " + order.mode()));
    }
    return problems;
  }

  private static void require(List<Problem> problems, String field, String value) {
    if (blank(value)) {
      problems.add(new Problem(field, field + " is required"));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static BackupView view(Backup b, List<BackupCheck> checks) {
    return new BackupView(
        b.id,
        b.updateId,
        b.stack,
        b.host,
        b.service,
        b.kind,
        b.mode,
        b.container,
        b.image,
        b.imageId,
        b.objectKey,
        b.sizeBytes,
        b.sha256,
        Catalog.counts(b.captured),
        Catalog.files(b.files).size(),
        b.status.name(),
        b.failedCheck,
        b.reason,
        b.evidence,
        b.createdAt,
        b.verifiedAt,
        b.expiredAt,
        checks.stream()
            .map(c -> new CheckView(c.checkName, c.passed, c.detail, c.checkedAt))
            .toList());
  }
}
