/**
 * CPU-bound workloads mirroring the note's uses: squares, primes, sha256, hashbig (C-level work
 * that releases the GIL), blur, kmeans.
 */
@NullMarked
package dev.conclab.lab.workload.cpu;

import org.jspecify.annotations.NullMarked;
