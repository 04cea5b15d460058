package dev.shipshape.backup.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The outcome of one check of one verification run. */
@Entity
@Table(name = "backup_check")
public class BackupCheck extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "backup_id", nullable = false)
  public String backupId;

  @Column(name = "check_name", nullable = false)
  public String checkName;

  @Column(nullable = false)
  public boolean passed;

  public String detail;

  @Column(name = "checked_at", nullable = false)
  public Instant checkedAt;
}
