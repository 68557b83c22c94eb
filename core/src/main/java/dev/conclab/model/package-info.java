/**
 * The note's concurrency models behind one interface, {@link dev.conclab.model.ExecutionModel},
 * built from a {@link dev.conclab.model.ModelSpec} by {@link dev.conclab.model.ExecutionModels}.
 */
@NullMarked
package dev.conclab.model;

import org.jspecify.annotations.NullMarked;
