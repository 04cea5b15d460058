package dev.shipshape.deployer;

import static dev.shipshape.deployer.DeployerFixture.V1;
import static dev.shipshape.deployer.DeployerFixture.V2;
import static dev.shipshape.deployer.DeployerFixture.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.TestRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deploys and rollbacks by pinned digest through the real local registry and engine: what runs is
 * the digest resolved at plan time even when the tag is re-pushed afterwards, a digest already on
 * the host needs no registry, an unknown digest fails before anything changes, and a deploy is
 * refused when its rollback target can no longer be found.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "deployer"))
class RegistryDeployTest {
  /** The agent's host in every deployer test (one configuration: the app starts once). */
  static final String HOST = "test-host-1";

  @Inject DockerClient docker;
  final TestRegistry registry = TestRegistry.local();
  final String repo = "reg-" + UUID.randomUUID().toString().substring(0, 8) + "/httpd";
  DeployerFixture fx;

  @BeforeEach
  void setUp() {
    fx = DeployerFixture.inQuarkusTest(docker, HOST);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** The reference a plan carries for {@code repo:tag} resolved to {@code digest}. */
  private String pinned(String tag, String digest) {
    return registry.reference(repo, tag) + "@" + digest;
  }

  private InspectContainerResponse live() {
    return fx.container(fx.containerName())
        .orElseThrow(() -> new AssertionError("no live container"));
  }

  @Test
  void thePinnedDigestRunsAndARePushedTagChangesNeitherTheDeployNorItsRollback() {
    String d1 = registry.copy("shipshape/httpd", "1.0.0", repo, "1.0.0");
    DeployDone first =
        fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(pinned("1.0.0", d1), Map.of())));
    assertEquals(d1, first.digest());
    assertEquals(fx.imageId(V1), live().getImageId());

    // Planned at 2.0.0 = the 1.1.0 image; then someone re-pushes 2.0.0 as another image.
    String d2 = registry.copy("shipshape/httpd", "1.1.0", repo, "2.0.0");
    String moved = registry.copy("shipshape/httpd", "1.2.0", repo, "2.0.0");
    assertNotEquals(d2, moved);
    DeployDone second =
        fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(pinned("2.0.0", d2), Map.of())));
    assertEquals(d2, second.digest());
    assertEquals(d1, second.previousDigest());
    assertEquals(fx.imageId(V2), live().getImageId(), "the pinned image runs, not the moved tag");

    // Before the rollback, 1.0.0 is re-pushed too: the rollback still returns to digest d1.
    registry.copy("shipshape/httpd", "1.2.0", repo, "1.0.0");
    RollbackDone back = fx.outcome(Topics.ROLLBACK_DONE, fx.rollback(null));
    assertEquals(d1, back.toDigest());
    assertEquals(d2, back.fromDigest());
    assertEquals(fx.imageId(V1), live().getImageId());
    assertEquals(List.of(fx.containerName()), fx.stackContainers());
  }

  @Test
  void aDigestAlreadyOnTheHostNeedsNoRegistry() throws InterruptedException {
    String d1 = registry.copy("shipshape/httpd", "1.0.0", repo, "1.0.0");
    docker.pullImageCmd(registry.reference(repo, "1.0.0")).start().awaitCompletion();
    // The registry no longer has it: a deploy that pulled would fail with "manifest unknown".
    registry.delete(repo, d1);
    assertEquals(null, registry.digest(repo, d1));

    DeployDone done =
        fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(pinned("1.0.0", d1), Map.of())));
    assertEquals(d1, done.digest());
    assertEquals(fx.imageId(V1), live().getImageId());
  }

  @Test
  void aDigestTheRegistryDoesNotHaveFailsInPullAndTheOldVersionKeepsRunning() {
    String d1 = registry.copy("shipshape/httpd", "1.0.0", repo, "1.0.0");
    fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(pinned("1.0.0", d1), Map.of())));
    String before = live().getId();

    String unknown = pinned("1.0.0", "sha256:" + "e".repeat(64));
    DeployFailed failed = fx.outcome(Topics.DEPLOY_FAILED, fx.deploy(spec(unknown, Map.of())));
    assertEquals("pull", failed.phase());
    assertTrue(failed.reason().contains(repo + "@sha256:eeee"), failed.reason());
    assertEquals(before, live().getId());
    assertEquals(List.of(fx.containerName()), fx.stackContainers());
  }

  @Test
  void aDeployIsRefusedWhenItsRollbackTargetIsNeitherOnTheHostNorInARegistry() {
    // A local-only image of this test's own, so that removing it touches nobody else.
    String gone = "localhost/" + repo + ":1.0.0";
    String scratch =
        docker.createContainerCmd(fx.imageId(V1)).withName(fx.stack + "-scratch").exec().getId();
    String goneId =
        docker.commitCmd(scratch).withRepository("localhost/" + repo).withTag("1.0.0").exec();
    docker.removeContainerCmd(scratch).withForce(true).exec();
    fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(gone, Map.of())));

    // The container and its image disappear behind Shipshape's back.
    docker.removeContainerCmd(fx.containerName()).withForce(true).exec();
    docker.removeImageCmd(goneId).withForce(true).exec();

    String d2 = registry.copy("shipshape/httpd", "1.1.0", repo, "2.0.0");
    DeployFailed failed =
        fx.outcome(Topics.DEPLOY_FAILED, fx.deploy(spec(pinned("2.0.0", d2), Map.of())));
    assertEquals("validate", failed.phase());
    assertTrue(failed.reason().contains("rollback target"), failed.reason());
    assertTrue(failed.reason().contains(gone), failed.reason());
    assertEquals(List.of(), fx.stackContainers(), "nothing was created");
  }

  /** Commits an image of this test's own and pushes it as repo:tag through the engine. */
  private String pushUnique(String tag) throws InterruptedException {
    String scratch =
        docker.createContainerCmd(fx.imageId(V1)).withName(fx.stack + "-" + tag).exec().getId();
    String id =
        docker
            .commitCmd(scratch)
            .withRepository(registry.address() + "/" + repo)
            .withTag(tag)
            .exec();
    docker.removeContainerCmd(scratch).withForce(true).exec();
    id = docker.inspectImageCmd(id).exec().getId(); // the engine's own spelling, sha256:…
    docker
        .pushImageCmd(registry.address() + "/" + repo)
        .withTag(tag)
        .exec(new ResultCallback.Adapter<PushResponseItem>())
        .awaitCompletion(60, TimeUnit.SECONDS);
    return id;
  }

  @Test
  void aRollbackPullsAReleaseThatLeftTheHostBackByItsRecordedDigest() throws Exception {
    String id1 = pushUnique("1.0.0");
    String d1 = registry.digest(repo, "1.0.0");
    DeployDone first =
        fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(pinned("1.0.0", d1), Map.of())));
    assertEquals(d1, first.digest());
    String d2 = registry.copy("shipshape/httpd", "1.1.0", repo, "2.0.0");
    fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(pinned("2.0.0", d2), Map.of())));

    // The old image leaves the host, and its tag is re-pushed as another image.
    docker.removeImageCmd(id1).withForce(true).exec();
    registry.copy("shipshape/httpd", "1.2.0", repo, "1.0.0");

    RollbackDone back = fx.outcome(Topics.ROLLBACK_DONE, fx.rollback(null));
    assertEquals(d1, back.toDigest());
    assertEquals(id1, live().getImageId(), "the recorded digest came back, not the moved tag");
  }

  @Test
  void aDeployGoesOnWhenItsRollbackTargetComesBackFromTheRegistry() throws Exception {
    String id1 = pushUnique("1.0.0");
    String d1 = registry.digest(repo, "1.0.0");
    fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(pinned("1.0.0", d1), Map.of())));
    docker.removeContainerCmd(fx.containerName()).withForce(true).exec();
    docker.removeImageCmd(id1).withForce(true).exec();

    String d2 = registry.copy("shipshape/httpd", "1.1.0", repo, "2.0.0");
    DeployDone done =
        fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(pinned("2.0.0", d2), Map.of())));
    assertEquals(d2, done.digest());
    assertEquals(
        id1, docker.inspectImageCmd(id1).exec().getId(), "the way back is on the host again");
  }
}
