/** CPU-bound workloads mirroring the note's uses: squares, primes, sha256, blur, kmeans. */
@NullMarked
package dev.conclab.lab.workload.cpu;

import org.jspecify.annotations.NullMarked;
