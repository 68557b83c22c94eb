package dev.conclab.cluster;

import java.io.IOException;
import java.io.InputStream;

/**
 * A cluster member in its own JVM, for tests and the benchmark. Arguments: cluster name, port,
 * members ({@code host:port,...}), threads, and optionally the address to bind (default
 * 127.0.0.1). Prints {@code READY <address> <pid>} once it has
 * joined, then runs tasks until its standard input closes (so it never outlives its parent).
 */
final class TestMember {
  private TestMember() {}

  public static void main(String[] args) throws IOException {
    ClusterMember member = ClusterMember.builder()
        .host(args.length > 4 ? args[4] : "127.0.0.1")
        .clusterName(args[0])
        .port(Integer.parseInt(args[1]))
        .members(args[2])
        .threads(Integer.parseInt(args[3]))
        .start();
    System.out.println("READY " + member.address() + " " + ProcessHandle.current().pid());
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // wait for the parent to close our stdin, or to die
    }
    member.terminate();
    Runtime.getRuntime().halt(0);
  }
}
