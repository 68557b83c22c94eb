package dev.conclab.cluster;

import java.nio.file.Path;

/**
 * The options {@link ClusterPool.Builder} and {@link ClusterMember.Builder} share: how this JVM's
 * member finds the cluster and how many tasks it runs. Each setter checks its value at once and
 * names it when it is bad. Not thread-safe. (Package-private, as {@code AbstractStringBuilder}
 * is behind {@code StringBuilder}: its public setters are called through the two builders.)
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class MemberSettingsBuilder<B extends MemberSettingsBuilder<B>> {
  final Settings settings = new Settings();

  MemberSettingsBuilder() {}

  /** This builder, as its concrete type. */
  abstract B self();

  /**
   * Other members to join, from text such as {@code 10.0.0.2:5701,10.0.0.3:5701} ({@code host}
   * alone for ports 5701-5703).
   *
   * @throws IllegalArgumentException naming an address that is not {@code host[:port]}
   */
  public B members(String addresses) {
    settings.members(Settings.parseMembers(addresses));
    return self();
  }

  /**
   * Configures this JVM's member from a Hazelcast XML or YAML file (network, join, cluster name,
   * lite or not); conclab adds only its executor and attributes.
   *
   * @throws IllegalArgumentException if the file does not exist or is not .xml/.yaml/.yml
   */
  public B configFile(Path file) {
    settings.configFile(file);
    return self();
  }

  /** The cluster name; only members and pools with the same name join. */
  public B clusterName(String name) {
    settings.clusterName(name);
    return self();
  }

  /** The address this JVM's member binds to (default 127.0.0.1; {@code 0.0.0.0}: let Hazelcast choose). */
  public B host(String host) {
    settings.host(host);
    return self();
  }

  /** How many tasks this JVM's member runs at once when it runs tasks (default: the number of cores). */
  public B threads(int threads) {
    settings.threads(threads);
    return self();
  }
}
