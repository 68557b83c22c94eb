package fuzzcanary;

/** Its constructor runs for every deserialized {@link Canary} (the first non-serializable superclass). */
class CanaryBase {
  CanaryBase() {
    Canary.CREATED.incrementAndGet();
  }
}
