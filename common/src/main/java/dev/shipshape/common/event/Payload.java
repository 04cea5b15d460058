package dev.shipshape.common.event;

/** A record carried in an {@link EventEnvelope}; one implementation per topic. */
public interface Payload {}
