/**
 * The product's own threads ({@link io.binancedata.threads.DaemonThreads}): daemons, named for thread dumps, and the
 * small pools whose threads end when idle. Plain Java, no Camel; uses no other package of the product.
 */
package io.binancedata.threads;
