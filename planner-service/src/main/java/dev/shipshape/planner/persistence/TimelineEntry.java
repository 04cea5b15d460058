package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One thing that happened to an update, in the order it happened. */
@Entity
@Table(name = "update_event")
public class TimelineEntry extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Column(nullable = false)
  public Instant at;

  @Column(nullable = false)
  public String type;

  public String host;

  public String service;

  public String detail;
}
