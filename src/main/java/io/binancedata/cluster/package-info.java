/**
 * Scale-out: the instances of a cluster split the configured streams into groups ({@code binance.cluster.groups}, by
 * {@link io.binancedata.stream.StreamGroups}), and Camel's cluster service (ZooKeeper, or any
 * {@code CamelClusterService} bean) elects one leader per group, which runs that group's streams; a new leader
 * continues each stream where the Kafka sink's records of it end ({@link io.binancedata.cluster.GroupPositions}).
 */
package io.binancedata.cluster;
