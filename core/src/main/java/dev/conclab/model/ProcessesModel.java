package dev.conclab.model;

/** Placeholder until the process pool lands. */
final class ProcessesModel {
  private ProcessesModel() {}

  static ExecutionModel create(ModelSpec spec) {
    throw new UnsupportedOperationException("model 'processes' is not available yet");
  }
}
