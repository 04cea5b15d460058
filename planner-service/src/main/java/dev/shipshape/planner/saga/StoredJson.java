package dev.shipshape.planner.saga;

import dev.shipshape.common.event.EventCodec;
import java.io.IOException;

/** Reads back the JSON the planner stores in its rows (specs, requests, incidents). */
final class StoredJson {
  private StoredJson() {}

  static <T> T read(String json, Class<T> type) {
    try {
      return EventCodec.mapper().readValue(json, type);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable " + type.getSimpleName() + ": " + e, e);
    }
  }
}
