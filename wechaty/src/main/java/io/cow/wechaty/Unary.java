package io.cow.wechaty;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A unary gRPC call as a future, completed on the transport's thread (the channel runs callbacks directly): what
 * depends on it starts a call or hands a message on, nothing that waits.
 */
final class Unary {

    private Unary() {
    }

    /** Starts the call with an observer that completes the returned future. */
    static <T> CompletableFuture<T> call(Consumer<StreamObserver<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        call.accept(new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(Status.fromThrowable(t).asRuntimeException());
            }

            @Override
            public void onCompleted() {
                // After onNext (every time) there is nothing to do: the exception is made only for an empty answer.
                if (!result.isDone()) {
                    result.completeExceptionally(Status.INTERNAL.withDescription("the service answered nothing").asRuntimeException());
                }
            }
        });
        return result;
    }
}
