package io.cow.core.channel.kit;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A channel's part sources that count retried sends. Every courier tells its source before each attempt to hand a
 * part to the transport ({@link PartSource#sending}); a part told so again was retried, whether the transport's own
 * retry (a 1205, a refused connection) or the queue's resume after a login. Counting here counts every transport
 * alike without touching their retry code.
 */
public final class RetryCounting implements PartSources {

    private final PartSources sources;
    private final Runnable retried;

    /** @param retried called once per retried attempt */
    public RetryCounting(PartSources sources, Runnable retried) {
        this.sources = sources;
        this.retried = retried;
    }

    @Override
    public <P> PartSource<P> open(Codec<P> codec, boolean resendIsSafe) {
        return new Counting<>(sources.open(codec, resendIsSafe));
    }

    private final class Counting<P> implements PartSource<P> {
        private final PartSource<P> parts;
        /** Parts handed to the transport at least once and not finished. */
        private final Set<P> attempted = ConcurrentHashMap.newKeySet();

        Counting(PartSource<P> parts) {
            this.parts = parts;
        }

        @Override
        public void add(String lane, P part) {
            parts.add(lane, part);
        }

        @Override
        public Optional<P> first(String lane) {
            return parts.first(lane);
        }

        @Override
        public void sending(P part) {
            if (!attempted.add(part)) {
                retried.run();
            }
            parts.sending(part);
        }

        @Override
        public void finished(String lane, P part, Throwable failure) {
            parts.finished(lane, part, failure);
            // A part kept for the resume is attempted again then: that attempt is a retry too.
            if (parts.first(lane).filter(part::equals).isEmpty()) {
                attempted.remove(part);
            }
        }

        @Override
        public Collection<String> lanes() {
            return parts.lanes();
        }
    }
}
