package dev.shipshape.planner.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * How a completed update ended. {@link #wire()} is the word stored in {@code
 * update_request.outcome} and sent on update.completed (the event contract), {@link #status()} the
 * update's final status.
 */
public enum Outcome {
  SUCCEEDED("succeeded", UpdateStatus.SUCCEEDED),
  ROLLED_BACK("rolled-back", UpdateStatus.ROLLED_BACK),
  FAILED("failed", UpdateStatus.FAILED);

  private final String wire;
  private final UpdateStatus status;

  Outcome(String wire, UpdateStatus status) {
    this.wire = wire;
    this.status = status;
  }

  public String wire() {
    return wire;
  }

  public UpdateStatus status() {
    return status;
  }

  public static Outcome ofWire(String wire) {
    for (Outcome o : values()) {
      if (o.wire.equals(wire)) {
        return o;
      }
    }
    throw new IllegalArgumentException("no outcome " + wire);
  }

  /** Keeps the stored column as the event's word ("rolled-back"), not the constant's name. */
  @Converter
  public static class Column implements AttributeConverter<Outcome, String> {
    @Override
    public String convertToDatabaseColumn(Outcome o) {
      return o == null ? null : o.wire;
    }

    @Override
    public Outcome convertToEntityAttribute(String wire) {
      return wire == null ? null : ofWire(wire);
    }
  }
}
