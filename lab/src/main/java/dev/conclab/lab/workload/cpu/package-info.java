/** CPU-bound workloads mirroring the seed's uses: squares, primes, sha256, blur, kmeans. */
@NullMarked
package dev.conclab.lab.workload.cpu;

import org.jspecify.annotations.NullMarked;
