package io.cow.core.channel.kit;

import io.cow.core.message.OutgoingMessage;

import java.util.Optional;
import java.util.function.Function;

/**
 * Where a channel's {@link SendQueue} keeps its parts: in memory ({@link #IN_MEMORY}, for tests and tools), or the
 * bot's durable outbox, which keeps what was queued across a stop or a crash. A channel opens its source once, with
 * the {@link Codec} of its part type.
 */
public interface PartSources {

    /** Parts in memory only: lost when the process ends. */
    PartSources IN_MEMORY = new PartSources() {
        @Override
        public <P> PartSource<P> open(Codec<P> codec, boolean resendIsSafe) {
            return PartSource.inMemory();
        }
    };

    /**
     * The source for one channel instance's send queue.
     *
     * @param resendIsSafe the service dedupes a part sent again under its {@link OutgoingMessage#clientId()}: a part
     *                     whose send may have begun before a crash is sent again after it (else it is given up as
     *                     possibly delivered, so that nobody gets it twice)
     */
    <P> PartSource<P> open(Codec<P> codec, boolean resendIsSafe);

    /** How a channel's parts are kept: the text of each (if it is kept at all) and the lane it goes in. */
    interface Codec<P> {

        /** What to keep of a part; empty for one that is not kept (such as an image: its bytes stay in memory). */
        Optional<OutgoingMessage> message(P part);

        /** The part of a kept text, after a restart. */
        P part(OutgoingMessage message);

        /** The lane (chat) of a kept text, after a restart: the same the channel submits it with. */
        String lane(OutgoingMessage message);

        /** Texts that are their own parts. */
        static Codec<OutgoingMessage> texts(Function<OutgoingMessage, String> lane) {
            return new Codec<>() {
                @Override
                public Optional<OutgoingMessage> message(OutgoingMessage part) {
                    return Optional.of(part);
                }

                @Override
                public OutgoingMessage part(OutgoingMessage message) {
                    return message;
                }

                @Override
                public String lane(OutgoingMessage message) {
                    return lane.apply(message);
                }
            };
        }
    }
}
