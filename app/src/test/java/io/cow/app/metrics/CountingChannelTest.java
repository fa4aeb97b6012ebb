package io.cow.app.metrics;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.message.Chat;
import io.cow.core.message.OutgoingMessage;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CountingChannelTest {

    /** A new method of Channel with a default must be passed on too, or the wrapped channel would lose it silently. */
    @Test
    void overridesEveryMethodOfChannel() {
        List<String> missing = new ArrayList<>();
        for (Method method : Channel.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            try {
                Method own = CountingChannel.class.getMethod(method.getName(), method.getParameterTypes());
                if (own.getDeclaringClass() != CountingChannel.class) {
                    missing.add(method.getName());
                }
            } catch (NoSuchMethodException e) {
                missing.add(method.getName());
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void countsFailedSendsAndPassesTheRestOn() {
        AtomicInteger failed = new AtomicInteger();
        List<String> sent = new ArrayList<>();
        Channel inner = new Channel() {
            @Override
            public String name() {
                return "inner";
            }

            @Override
            public void start(ChannelEvents events) {
            }

            @Override
            public CompletableFuture<Void> send(OutgoingMessage message) {
                sent.add(message.text());
                return message.text().equals("bad") ? CompletableFuture.failedFuture(new IllegalStateException("refused"))
                        : CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        };
        Channel counting = new CountingChannel(inner, failed::incrementAndGet);
        Chat chat = Chat.privateChat("a", "A");
        counting.send(new OutgoingMessage(chat, "good", List.of(), null));
        counting.send(new OutgoingMessage(chat, "bad", List.of(), null));
        assertThat(sent).containsExactly("good", "bad");
        assertThat(failed.get()).isEqualTo(1);
        assertThat(counting.name()).isEqualTo("inner");
    }
}
