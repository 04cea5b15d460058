package dev.shipshape.deployer.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Deploy jobs by the id of the event that asked for them. */
@ApplicationScoped
public class DeployJobRepository implements PanacheRepositoryBase<DeployJob, String> {}
