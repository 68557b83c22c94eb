package dev.conclab.cli;

import dev.conclab.cluster.ClusterMember;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conclab member}: starts a standalone cluster member that runs the tasks of
 * {@code cluster} models and {@code ClusterPool}s, until SIGTERM or SIGINT (Ctrl-C), which make
 * it leave the cluster gracefully and exit 0.
 */
@Command(
    name = "member",
    mixinStandardHelpOptions = true,
    description = {
      "Start a standalone cluster member that runs tasks, until SIGTERM or Ctrl-C.",
      "It runs whatever tasks members of its cluster send: use it only on a trusted network."
    })
final class MemberCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "5701",
      description = "Port to listen on (the next free one if taken; 0: any free port). Default: ${DEFAULT-VALUE}.")
  int port = 5701;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to bind to; use this machine's LAN address (or 0.0.0.0) to let other machines join. "
          + "Default: ${DEFAULT-VALUE}.")
  String host = "127.0.0.1";

  @Option(names = "--members", paramLabel = "host:port,...",
      description = "Other members to join. Default: members on this host's ports 5701-5703.")
  @Nullable String members;

  @Option(names = "--config", paramLabel = "file",
      description = "A Hazelcast XML or YAML member configuration (network, join, cluster name) instead of the options above.")
  @Nullable Path config;

  @Option(names = "--cluster-name", defaultValue = ClusterMember.DEFAULT_CLUSTER_NAME,
      description = "Cluster name; members and pools join only a cluster of the same name. Default: ${DEFAULT-VALUE}.")
  String clusterName = ClusterMember.DEFAULT_CLUSTER_NAME;

  @Option(names = "--threads", description = "Tasks to run at once. Default: the number of cores.")
  @Nullable Integer threads;

  /** Tests receive the started member here, to stop it without a signal. */
  Consumer<ClusterMember> onStarted = m -> {};

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ClusterMember.Builder builder = ClusterMember.builder()
        .port(port)
        .host(host)
        .clusterName(clusterName)
        .onMembershipChange(line -> {
          out.println(line);
          out.flush();
        });
    if (members != null) {
      builder.members(members);
    }
    Path file = config;
    if (file != null) {
      builder.configFile(file);
    }
    Integer t = threads;
    if (t != null) {
      builder.threads(t);
    }
    ClusterMember member = builder.start();
    // A signal handler, not a shutdown hook: once the JVM has begun exiting with 128+signal, the
    // command can no longer exit 0.
    Signals.Registration signals = Signals.onTermination(member::close, "conclab-member-shutdown");
    try {
      out.println("conclab member " + member.address() + " in cluster '" + member.clusterName() + "', running up to "
          + member.threads() + " tasks at once; members: " + String.join(", ", member.members()));
      out.println("Stop with Ctrl-C or SIGTERM.");
      out.flush();
      onStarted.accept(member);
      while (!member.awaitTermination(Duration.ofSeconds(1))) {
        // runs tasks until closed
      }
    } finally {
      signals.close();
      member.close();
    }
    out.println("conclab member " + member.address() + " stopped");
    out.flush();
    return 0;
  }
}
