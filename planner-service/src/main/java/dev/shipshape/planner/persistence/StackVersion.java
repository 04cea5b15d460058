package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One registration of a stack: its compose file as written, where it runs, and how to read it. */
@Entity
@Table(name = "stack_version")
public class StackVersion extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public int version;

  @Column(nullable = false)
  public String compose;

  @Column(nullable = false)
  public String environment;

  /** Comma-separated host ids. */
  @Column(nullable = false)
  public String hosts;

  public String profile;

  /** Interpolation variables as JSON. */
  @Column(nullable = false)
  public String variables;

  /**
   * Registered as not running anywhere yet: where Shipshape never deployed a service, the first
   * update creates it (nothing to back up) instead of taking the compose file as what runs.
   */
  @Column(name = "first_deploy", nullable = false)
  public boolean firstDeploy;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
