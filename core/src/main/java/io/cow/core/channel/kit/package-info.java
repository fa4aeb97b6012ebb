/**
 * The channel kit: the plumbing every WeChat transport needs, written once. {@link io.cow.core.channel.kit.Backoff}
 * (waits between failed attempts), {@link io.cow.core.channel.kit.SendQueue} (per-chat ordered, paced sending from
 * a {@link io.cow.core.channel.kit.PartSource} under a {@link io.cow.core.channel.kit.Pacing} policy),
 * {@link io.cow.core.channel.kit.ReloginThrottle} (at most one QR code per interval),
 * {@link io.cow.core.channel.kit.SessionLoop} (log in, serve, logged out, log in again) and
 * {@link io.cow.core.channel.kit.ChannelFailure} (retryable, logged out, refused), plus
 * {@link io.cow.core.channel.kit.DaemonThreads}, the one {@link io.cow.core.channel.kit.SharedTimer} and
 * {@link io.cow.core.channel.kit.Durations}. Plain Java, no I/O: a channel adds only its protocol.
 */
package io.cow.core.channel.kit;
