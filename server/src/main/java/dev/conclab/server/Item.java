package dev.conclab.server;

import io.vertx.core.json.JsonObject;

/** One row of the items table. Immutable. */
record Item(long id, String name, int priceCents) {
  JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("price_cents", priceCents);
  }
}
