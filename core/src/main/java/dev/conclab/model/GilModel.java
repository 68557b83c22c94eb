package dev.conclab.model;

/** Placeholder until the emulated GIL lands. */
final class GilModel {
  private GilModel() {}

  static ExecutionModel create(ModelSpec spec) {
    throw new UnsupportedOperationException("model 'gil' is not available yet");
  }
}
