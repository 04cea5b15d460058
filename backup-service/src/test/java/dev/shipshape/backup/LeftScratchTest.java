package dev.shipshape.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.backup.engine.Containers;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backup service killed mid-verification leaves its scratch container behind (its cleanup never
 * ran); the next start removes every scratch container on its engines, and nothing else.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "backup"))
class LeftScratchTest {
  @Inject Containers containers;

  @Test
  void scratchContainersLeftByADeadRunAreRemovedAndNothingElse() throws Exception {
    try (BackupFixture fx = new BackupFixture()) {
      String left =
          fx.docker
              .createContainerCmd(BackupFixture.HTTPD)
              .withName("shipshape-scratch-" + fx.stack + "-left")
              .withLabels(Map.of(Labels.SCRATCH, "true"))
              .exec()
              .getId();
      String service =
          fx.docker
              .createContainerCmd(BackupFixture.HTTPD)
              .withName(fx.name("app"))
              .withLabels(Map.of(Labels.STACK, fx.stack))
              .exec()
              .getId();

      int removed = containers.removeAllScratch(fx.docker);

      assertTrue(removed >= 1, "removed " + removed);
      assertTrue(gone(fx, left), "the left scratch container is removed");
      assertEquals(service, fx.docker.inspectContainerCmd(service).exec().getId(), "kept");
    }
  }

  private static boolean gone(BackupFixture fx, String id) {
    try {
      fx.docker.inspectContainerCmd(id).exec();
      return false;
    } catch (NotFoundException e) {
      return true;
    }
  }
}
