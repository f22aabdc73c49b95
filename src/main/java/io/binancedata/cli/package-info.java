/**
 * The command line's own parts, below {@link io.binancedata.Application} (the top command, which runs the product):
 * the {@code decode} command ({@link io.binancedata.cli.DecodeCommand}, SBE files to JSON lines or CSV, a time
 * filter) and how bad arguments end ({@link io.binancedata.cli.CommandLineErrors}: one line, exit code 2). The
 * {@code simulate} command lives with the fake exchange it runs ({@link io.binancedata.fake.SimulateCommand}).
 * Nothing here imports Camel.
 */
package io.binancedata.cli;
