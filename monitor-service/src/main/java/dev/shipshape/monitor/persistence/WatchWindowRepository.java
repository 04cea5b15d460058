package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Watch windows by the id of the deploy event that opened them. */
@ApplicationScoped
public class WatchWindowRepository implements PanacheRepositoryBase<WatchWindow, String> {}
