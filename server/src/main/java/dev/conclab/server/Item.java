package dev.conclab.server;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** One row of the items table. Immutable. */
record Item(long id, String name, int priceCents) {
  JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("price_cents", priceCents);
  }

  /** Appends this item as a JSON object; the same text as {@code toJson().encode()}. */
  void appendJson(StringBuilder sb) {
    sb.append("{\"id\":").append(id).append(",\"name\":");
    appendString(sb, name);
    sb.append(",\"price_cents\":").append(priceCents).append('}');
  }

  /** Encodes items as a JSON array without an intermediate tree (the hot path of GET /items). */
  static String encodeArray(List<Item> items) {
    StringBuilder sb = new StringBuilder(48 * items.size() + 2).append('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      items.get(i).appendJson(sb);
    }
    return sb.append(']').toString();
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
