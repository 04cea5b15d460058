package dev.shipshape.backup.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Backup jobs by the id of the event that asked for them. */
@ApplicationScoped
public class BackupJobRepository implements PanacheRepositoryBase<BackupJob, String> {}
