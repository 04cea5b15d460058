package dev.shipshape.backup.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The updates that ended ({@code update.completed}). A backup taken for an update not listed here
 * is still in flight, and retention keeps it.
 */
@ApplicationScoped
public class UpdateEnds {
  private final EntityManager em;

  public UpdateEnds(EntityManager em) {
    this.em = em;
  }

  /** Notes that the update ended; a second note of the same update changes nothing. */
  public void record(String updateId, String outcome) {
    em.createNativeQuery(
            "INSERT INTO update_end (update_id, outcome, ended_at) VALUES (?1, ?2, now())"
                + " ON CONFLICT DO NOTHING")
        .setParameter(1, updateId)
        .setParameter(2, outcome)
        .executeUpdate();
  }

  public boolean ended(String updateId) {
    Number n =
        (Number)
            em.createNativeQuery("SELECT count(*) FROM update_end WHERE update_id = ?1")
                .setParameter(1, updateId)
                .getSingleResult();
    return n.longValue() > 0;
  }
}
