package dev.conclab.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemTest {
  @Test
  void encodeArray_matchesVertxJsonIncludingEscapes() {
    List<Item> items = List.of(new Item(1, "plain", 5), new Item(2, "q\"uote\\back\nline\u0001", 7));
    JsonArray expected = new JsonArray().add(items.get(0).toJson()).add(items.get(1).toJson());
    assertThat(new JsonArray(Item.encodeArray(items))).isEqualTo(expected);
    assertThat(Item.encodeArray(List.of())).isEqualTo("[]");
  }
}
