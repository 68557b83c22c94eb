/**
 * {@code conclab advise}: profiles a user's own task, predicts each model's speedup, measures the
 * candidates and recommends a model spec, its concurrency and the reason in numbers.
 * {@link dev.conclab.lab.advise.Advisor} is the entry; {@link dev.conclab.lab.advise.UserTask}
 * loads {@code CLASS::METHOD} from a class path.
 */
@NullMarked
package dev.conclab.lab.advise;

import org.jspecify.annotations.NullMarked;
