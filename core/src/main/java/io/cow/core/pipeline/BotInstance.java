package io.cow.core.pipeline;

import io.cow.core.channel.Channel;

import java.util.Objects;

/**
 * One channel instance of a running bot: an account on a transport, and the pipeline that answers its messages
 * (with the instance's own trigger keyword, system prompt and access lists).
 *
 * @param type     the channel type (web, ilink, wechaty, terminal)
 * @param channel  the channel; its {@link Channel#name()} is the instance's name
 * @param pipeline answers the channel's messages and sends on it
 */
public record BotInstance(String type, Channel channel, Pipeline pipeline) {

    public BotInstance {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(pipeline, "pipeline");
    }

    public String name() {
        return channel.name();
    }
}
