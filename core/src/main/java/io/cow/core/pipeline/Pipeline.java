package io.cow.core.pipeline;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.cow.core.channel.Channel;
import io.cow.core.channel.kit.SendFailure;
import io.cow.core.chat.ChatProfile;
import io.cow.core.chat.ChatProfiles;
import io.cow.core.command.CommandAccess;
import io.cow.core.command.Commands;
import io.cow.core.channel.kit.SharedTimer;
import io.cow.core.control.AnswerFilter;
import io.cow.core.control.Control;
import io.cow.core.control.Verdict;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.conversation.GroupScope;
import io.cow.core.filter.NoiseFilter;
import io.cow.core.log.LogText;
import io.cow.core.media.Drawer;
import io.cow.core.media.MediaFile;
import io.cow.core.media.MediaStage;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingImage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.model.ModelCallException;
import io.cow.core.model.ModelErrors;
import io.cow.core.model.ModelProfiles;
import io.cow.core.model.SystemPrompt;
import io.cow.core.outbox.DurableOutbox;
import io.cow.core.plugin.Plugin;
import io.cow.core.plugin.PluginRequest;
import io.cow.core.reply.Graphemes;
import io.cow.core.reply.MarkdownStream;
import io.cow.core.reply.ReplyAssembler;
import io.cow.core.reply.ReplyLimits;
import io.cow.core.store.StoreException;
import io.cow.core.trigger.TriggerRules;
import io.cow.core.usage.UsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Decides whether and what to answer, and sends the answer: echo and noise filters → access lists → per-chat profile
 * → commands → pause and takeover → plugins → trigger → banned words, rate limits, quotas → conversation memory → model
 * → reply formatting. The owner's controls ({@link Control}) decide at those three points, each "no" a named outcome. One call handles one message; everything up to
 * the model runs on the calling thread, the model's answer streams in on the model client's thread, and what follows
 * the answer runs on the executor the caller gives. The {@link Bot}'s intake has already let go duplicates and
 * messages from before the start ({@link Outcome#DUPLICATE}, {@link Outcome#BEFORE_START}), and the
 * {@link Dispatcher} decides which messages run when.
 *
 * <p>The trigger is read before the commands run (a group command needs the mention, like a question), but
 * only decides after the plugins, which see every message.
 */
public final class Pipeline {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final PipelineOptions options;
    private final List<Plugin> plugins;
    private final ModelProfiles models;
    private final ChatProfiles chats;
    private final ConversationMemory memory;
    private final Commands commands;
    private final Control control;
    private final UsageMeter usage;
    private final Channel channel;
    private final TriggerRules trigger;
    private final Map<String, TriggerRules> triggersByKeyword = new ConcurrentHashMap<>();
    private final NoiseFilter noise;
    private final RecentReplies recentReplies;
    private final ReplyLimits limits;
    private final Clock clock;
    private final DurableOutbox outbox;
    private final InFlight sends = new InFlight();
    private final MediaStage media;

    /** A pipeline that does not count token usage, with one model and the same profile for every chat. */
    public Pipeline(PipelineOptions options, List<Plugin> plugins, Answerer answerer, SystemPrompt systemPrompt,
                    ConversationMemory memory, Channel channel, Clock clock) {
        this(options, plugins, answerer, systemPrompt, memory, UsageMeter.NONE, channel, clock);
    }

    /** A pipeline with one model and the same profile for every chat. */
    public Pipeline(PipelineOptions options, List<Plugin> plugins, Answerer answerer, SystemPrompt systemPrompt,
                    ConversationMemory memory, UsageMeter usage, Channel channel, Clock clock) {
        this(options, plugins, ModelProfiles.single(answerer),
                ChatProfiles.fixed(new ChatProfile(ModelProfiles.DEFAULT, systemPrompt.template(), options.triggerKeyword(), GroupScope.MEMBER)),
                memory, usage, channel, clock, CommandAccess.BOT_ACCOUNT);
    }

    /**
     * @param models the model profiles
     * @param chats  how each chat is answered: profile, persona, keyword, memory scope
     * @param access who may change a chat's profile and persona with commands
     */
    public Pipeline(PipelineOptions options, List<Plugin> plugins, ModelProfiles models, ChatProfiles chats,
                    ConversationMemory memory, UsageMeter usage, Channel channel, Clock clock,
                    CommandAccess access) {
        this(options, plugins, models, chats, memory, usage, channel, null, clock, access);
    }

    /**
     * @param outbox where replies are stored before the channel sends them (its send queue sends from there), or null
     *               to hand them to the channel only
     */
    public Pipeline(PipelineOptions options, List<Plugin> plugins, ModelProfiles models, ChatProfiles chats,
                    ConversationMemory memory, UsageMeter usage, Channel channel, DurableOutbox outbox, Clock clock,
                    CommandAccess access) {
        this(options, plugins, models, chats, memory, usage, channel, outbox, clock, access, Control.none(clock), MediaStage.none());
    }

    /** A pipeline with the owner's controls that hands replies to the channel only. */
    public Pipeline(PipelineOptions options, List<Plugin> plugins, ModelProfiles models, ChatProfiles chats,
                    ConversationMemory memory, UsageMeter usage, Channel channel, Clock clock,
                    CommandAccess access, Control control) {
        this(options, plugins, models, chats, memory, usage, channel, null, clock, access, control, MediaStage.none());
    }

    /**
     * @param models  the model profiles
     * @param chats   how each chat is answered: profile, persona, keyword, memory scope
     * @param outbox  where replies are stored before the channel sends them (its send queue sends from there), or null
     *                to hand them to the channel only
     * @param access  who may change a chat's profile and persona, and use the admin commands
     * @param control the owner's controls: who is answered and how much (one per bot, shared by its instances)
     * @param media   pictures and voice: what to do with attachments, when a question is about a picture or a drawing
     */
    public Pipeline(PipelineOptions options, List<Plugin> plugins, ModelProfiles models, ChatProfiles chats,
                    ConversationMemory memory, UsageMeter usage, Channel channel, DurableOutbox outbox, Clock clock,
                    CommandAccess access, Control control, MediaStage media) {
        this.media = media;
        this.options = options;
        this.outbox = outbox;
        this.control = control;
        this.plugins = List.copyOf(plugins);
        this.models = models;
        this.chats = chats;
        this.memory = memory;
        this.commands = new Commands(options.commandPrefix(), memory, chats, models.names(), access,
                control.commands(options.commandPrefix()));
        this.usage = usage;
        this.channel = channel;
        this.clock = clock;
        this.trigger = new TriggerRules(chats.defaults().keyword());
        this.noise = new NoiseFilter(options.selfChat());
        this.recentReplies = new RecentReplies(clock);
        this.limits = channel.replyLimits().orElse(options.replyLimits());
    }

    public TriggerRules triggerRules() {
        return trigger;
    }

    /**
     * When the message is the bot's own and {@link #handle} would skip it, how: {@link Outcome#ECHO} for an echo of one
     * of its replies (as {@code handle} says: the Skipped page and the chat list leave echoes out), else, when self-chat
     * is off, {@link Outcome#NOISE} for every own message but the owner's commands. Cheap, and safe on a transport's
     * thread.
     */
    public Optional<Outcome> skipsOwnMessage(IncomingMessage message) {
        if (!message.fromSelf() || commands.isOwnCommand(message)) {
            return Optional.empty();
        }
        boolean echo = sentByBot(message);
        if (echo) {
            return Optional.of(Outcome.ECHO);
        }
        if (!options.selfChat()) {
            noteOwnerWrote(message);
            return Optional.of(Outcome.NOISE);
        }
        return Optional.empty();
    }

    /**
     * Whether the bot sent this text to this chat lately: this run's replies, or the parts an earlier run left in the
     * outbox and this one sends. The echoes of those look like the owner typing; taken for a takeover they silenced
     * every chat with a reply queued at a restart.
     */
    private boolean sentByBot(IncomingMessage message) {
        return recentReplies.wasSent(message.chat().id(), message.text())
                || outbox != null && outbox.resends(message.chat().id(), message.text());
    }

    /**
     * The account's own message that the bot did not send: the owner wrote it by hand. Own messages written before
     * this start (transports give whole seconds: up to its second) are not: the bot cannot tell them from echoes of
     * what it sent before a restart.
     */
    private void noteOwnerWrote(IncomingMessage message) {
        if (message.createdAt().getEpochSecond() > options.startedAt().getEpochSecond()) {
            control.ownerWrote(message, isSelfChat(message));
        }
    }

    /** File Transfer or the chat with oneself: where the owner talks to the bot, not to somebody else. */
    private static boolean isSelfChat(IncomingMessage message) {
        return message.chat().id().equals("filehelper") || message.chat().id().equals(message.sender().id())
                || message.chat().key().equals(message.sender().key());
    }

    /** When the bot started: messages written before are not answered (the bot's intake drops them). */
    Instant startedAt() {
        return options.startedAt();
    }

    /**
     * The order the message must keep: messages with the same key are answered one after another, others in
     * parallel. It is the conversation the message belongs to: a private chat, or in a group the member or the whole
     * group, as the chat's memory scope says; so members of a busy group do not wait for each other's answers.
     */
    public String orderKey(IncomingMessage message) {
        String member = message.isGroup() && chats.memoryScope(message) == GroupScope.MEMBER ? message.sender().key() : "";
        return message.channel() + '\n' + message.chat().key() + '\n' + member;
    }

    /** Handles one message to the end, waiting for the model's answer; sending is queued and not waited for. */
    public Outcome handle(IncomingMessage message) {
        try {
            return handle(message, Runnable::run).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Handles one message: what precedes the model on this thread, the rest when the model has answered; sending
     * is queued on the channel and not waited for.
     *
     * @param afterAnswer where the work after the model's answer runs (it writes to the store, so not on the
     *                    model client's thread)
     */
    public CompletionStage<Outcome> handle(IncomingMessage message, Executor afterAnswer) {
        log.debug("📩 {} [{}] {}: {}", message.channel(), LogText.of(message.chat().title()), LogText.of(message.sender().name()),
                LogText.of(message.text()));
        if (message.fromSelf() && sentByBot(message)) {
            log.debug("Skipped message {}: the bot's own reply, echoed back by the transport", message.id());
            return done(Outcome.ECHO);
        }
        if (answeredOwnCommand(message)) {
            return done(Outcome.COMMAND);
        }
        if (media.takes(message)) {
            if (!options.access().allows(message.chat())) {
                log.debug("Skipped message {}: not allowed", message.id());
                return done(Outcome.NOT_ALLOWED);
            }
            MediaStage.Taken taken = takeMedia(message);
            if (taken instanceof MediaStage.Taken.Pass pass) {
                message = pass.message();
            } else if (taken instanceof MediaStage.Taken.AskAbout about) {
                return ask(message, about.question(), chats.of(message), afterAnswer, about.image());
            } else {
                return done(taken instanceof MediaStage.Taken.Kept ? Outcome.MEDIA_KEPT : Outcome.MEDIA_SKIPPED);
            }
        }
        Optional<String> noiseReason = noise.reason(message);
        if (noiseReason.isPresent()) {
            log.debug("Skipped message {}: {}", message.id(), noiseReason.get());
            return done(Outcome.NOISE);
        }
        Optional<String> refused = control.notAllowed(message, options.access());
        if (refused.isPresent()) {
            log.debug("Skipped message {}: {}", message.id(), refused.get());
            return done(Outcome.NOT_ALLOWED);
        }
        ChatProfile chat = chats.of(message);
        Optional<String> question = MediaStage.isTranscribedVoice(message)
                ? media.voiceQuestion(message, chat.keyword()) : triggerFor(chat).question(message);
        if (answeredByCommand(message, question)) {
            return done(Outcome.COMMAND);
        }
        if (message.fromSelf() && question.isEmpty() && !sentByBot(message)) {
            noteOwnerWrote(message);
        }
        Optional<Verdict> silenced = control.silenced(message);
        if (silenced.isPresent()) {
            log.debug("Skipped message {}: {}", message.id(), silenced.get().reason());
            return done(silenced.get().skip());
        }
        if (answeredByPlugin(message, question)) {
            return done(Outcome.PLUGIN);
        }
        if (question.isEmpty()) {
            return done(notAnswered(message, Outcome.NOT_TRIGGERED, "not triggered: " + triggerFor(chat).whyNot(message)));
        }
        if (question.get().isEmpty()) {
            return done(notAnswered(message, Outcome.EMPTY_QUESTION, "triggered, but no question after the trigger"));
        }
        Verdict verdict = control.admit(message, question.get());
        IncomingMessage admitted = message;
        verdict.reply().ifPresent(text -> replyWith(admitted, text, "controls"));
        if (verdict.skipped()) {
            return done(verdict.skip());
        }
        ChatProfile asked = verdict.profile() == null ? chat
                : new ChatProfile(verdict.profile(), chat.systemPrompt(), chat.keyword(), chat.memoryScope());
        Optional<String> drawing = media.drawPrompt(question.get());
        if (drawing.isPresent()) {
            return draw(message, drawing.get(), afterAnswer);
        }
        MediaFile image = media.pairedImage(message).orElse(null);
        return verdict.delay().isZero() ? ask(message, question.get(), asked, afterAnswer, image)
                : askLater(message, question.get(), asked, afterAnswer, verdict, image);
    }

    /** A question queued by a rate limit: asked when the limit lets it, on the worker executor; its order is kept. */
    private CompletionStage<Outcome> askLater(IncomingMessage message, String question, ChatProfile chat, Executor afterAnswer,
                                              Verdict verdict, MediaFile image) {
        log.info("🚦 {} waits {} ms: {}", describe(message), verdict.delay().toMillis(), verdict.reason());
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        SharedTimer.schedule(verdict.delay(), () -> afterAnswer.execute(() -> {
            control.waited(message);
            try {
                ask(message, question, chat, afterAnswer, image).whenComplete((done, error) -> {
                    if (error != null) {
                        outcome.completeExceptionally(error);
                    } else {
                        outcome.complete(done);
                    }
                });
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }));
        return outcome;
    }

    private MediaStage.Taken takeMedia(IncomingMessage message) {
        try {
            return media.take(channel, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MediaStage.Taken.Skipped("the bot is stopping");
        }
    }

    /** A drawing: the picture goes back as an image; a failure as a clear text. */
    private CompletionStage<Outcome> draw(IncomingMessage message, String prompt, Executor afterAnswer) {
        tellChannel(() -> channel.answerStarted(message));
        if (!channel.canSendImages()) {
            replyWith(message, "🎨 这个渠道不能发送图片 / This channel cannot send pictures.", "drawing refused");
            tellChannel(() -> channel.answerFinished(message));
            return done(Outcome.FAILED);
        }
        return media.draw(message, prompt).handleAsync((picture, error) -> {
            try {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    log.error("❌ Drawing failed for {}: {}", describe(message), cause.getMessage());
                    replyWith(message, "🎨 画图失败 / Could not draw the picture: " + cause.getMessage(), "drawing error");
                    return Outcome.FAILED;
                }
                sendPicture(message, picture);
                return Outcome.ANSWERED;
            } finally {
                tellChannel(() -> channel.answerFinished(message));
            }
        }, afterAnswer);
    }

    private void sendPicture(IncomingMessage message, Drawer.Picture picture) {
        String extension = picture.mediaType().substring(picture.mediaType().indexOf('/') + 1);
        sends.begin();
        CompletableFuture<Void> sent;
        try {
            sent = channel.sendImage(new OutgoingImage(message.chat(), picture.data(), picture.mediaType(), "drawing." + extension));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ok, error) -> {
            sends.end();
            if (error == null) {
                log.info("🎨 Sent a picture of {} bytes to {}", picture.data().length, describe(message));
            } else {
                log.error("❌ Could not send the picture to {}: {}", describe(message), error.getMessage());
            }
        });
    }

    private static CompletionStage<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    private TriggerRules triggerFor(ChatProfile chat) {
        return chat.keyword().equals(trigger.keyword()) ? trigger
                : triggersByKeyword.computeIfAbsent(chat.keyword(), TriggerRules::new);
    }

    /** A command the owner wrote into the chat from the bot's own account (which is otherwise not answered). */
    private boolean answeredOwnCommand(IncomingMessage message) {
        if (!message.fromSelf()) {
            return false;
        }
        Optional<String> reply = commands.runOwn(message);
        if (reply.isEmpty()) {
            return false;
        }
        log.info("⌨️ Command from the bot's own account in {}: {}", describe(message), LogText.of(message.text().strip()));
        replyWith(message, reply.get(), "command");
        return true;
    }

    /** A message the person may have meant for the bot: the log and the channel hear why it is not answered. */
    private Outcome notAnswered(IncomingMessage message, Outcome outcome, String reason) {
        log.debug("Skipped message {}: {}", message.id(), reason);
        tellChannel(() -> channel.notAnswered(message, reason));
        return outcome;
    }

    private boolean answeredByCommand(IncomingMessage message, Optional<String> question) {
        Optional<String> reply = commands.run(message, question);
        if (reply.isEmpty()) {
            return false;
        }
        log.info("⌨️ Command from {}: {}", describe(message), LogText.of(question.orElse(message.text()).strip()));
        replyWith(message, reply.get(), "command");
        return true;
    }

    private boolean answeredByPlugin(IncomingMessage message, Optional<String> question) {
        for (Plugin plugin : plugins) {
            Optional<String> reply;
            try {
                reply = plugin.handle(new PluginRequest(message, question));
            } catch (RuntimeException e) {
                log.error("❌ Plugin {} failed on a message in {}; passing the message on", plugin.name(), describe(message), e);
                continue;
            }
            if (reply.isPresent()) {
                log.info("🧩 Plugin {} answered {}", plugin.name(), describe(message));
                replyWith(message, reply.get(), "plugin " + plugin.name());
                return true;
            }
        }
        return false;
    }

    private CompletionStage<Outcome> ask(IncomingMessage message, String question, ChatProfile chat, Executor afterAnswer,
                                         MediaFile image) {
        log.info("🎯 Triggered by {}: {}{}", describe(message), LogText.of(question), image == null ? "" : " (with a picture)");
        tellChannel(() -> channel.answerStarted(message));
        CompletionStage<Outcome> outcome;
        try {
            outcome = askModel(message, question, chat, afterAnswer, image);
        } catch (RuntimeException e) {
            tellChannel(() -> channel.answerFinished(message));
            throw e;
        }
        return outcome.whenComplete((done, error) -> tellChannel(() -> channel.answerFinished(message)));
    }

    /** The answer-progress hints are cosmetic: a failing one must not cost the answer. */
    private void tellChannel(Runnable hint) {
        try {
            hint.run();
        } catch (RuntimeException e) {
            log.warn("⚠️ Channel {} failed on an answer-progress hint: {}", channel.name(), e.toString());
        }
    }

    private CompletionStage<Outcome> askModel(IncomingMessage message, String question, ChatProfile chat, Executor afterAnswer,
                                              MediaFile image) {
        long started = clock.millis();
        Replies replies = new Replies(message);
        ReplyAssembler assembler = replies.assembler();
        boolean quote = message.isGroup() && options.quoteInGroups();
        if (quote) {
            assembler.append(quoted(question) + PipelineOptions.GROUP_QUOTE_RULE);
        } else if (MediaStage.isTranscribedVoice(message) && media.echoTranscript()) {
            assembler.append("🎤 " + message.text().strip() + "\n\n");
        }
        // A long answer may go as a file: then it is held until complete instead of streamed in parts.
        StringBuilder held = media.longAsFileAbove() > 0 && channel.canSendFiles() ? new StringBuilder() : null;
        Consumer<String> out = held != null ? held::append : assembler::append;
        AnswerFilter filter = control.filtersAnswers() ? control.answerFilter(out) : null;
        AnswerStream stream = new AnswerStream(new MarkdownStream(options.markdown(), filter == null ? out : filter));
        String asked = memory.asAsked(message, image == null ? question : MediaStage.placeholder(question));
        List<ChatMessage> prompt = prompt(message, asked, chat);
        String profile = image == null ? chat.profile() : media.visionProfile(chat.profile());
        CompletableFuture<Answer> answer;
        try {
            if (image != null) {
                // The model sees the picture; the memory and the usage estimate keep the placeholder text.
                Runnable release = media.reserve(image);
                try {
                    List<ChatMessage> withImage = new ArrayList<>(prompt);
                    withImage.set(withImage.size() - 1, MediaStage.withImage(asked, image));
                    answer = models.answerer(profile).ask(withImage, stream::accept);
                } catch (RuntimeException | java.io.IOException e) {
                    answer = CompletableFuture.failedFuture(e);
                } finally {
                    image.delete();
                }
                // Given back on the model client's thread: the workers may all be waiting for it.
                answer.whenComplete((done, error) -> release.run());
            } else {
                answer = models.answerer(profile).ask(prompt, stream::accept);
            }
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = CompletableFuture.failedFuture(new ModelCallException(0, "interrupted while waiting to send a picture", e));
        }
        return answer.handleAsync((done, error) -> {
            try {
                if (error != null) {
                    throw ModelErrors.describe(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                }
                if (!stream.receivedAny()) {
                    stream.accept(done.text());
                }
                if (!stream.receivedAny()) {
                    throw new ModelCallException(0, "the model answered with an empty text", null);
                }
                stream.finish();
                if (filter != null) {
                    filter.finish();
                }
                // Before the last part goes out: a reply the user saw whole is always remembered. With an outbox the
                // turn is stored as on its way and counts as delivered once the last part is sent: none is remembered
                // that the user never got.
                long turnId = remember(message, asked, prompt, done);
                if (held != null) {
                    releaseHeld(message, held.toString(), assembler);
                }
                replies.finish(assembler, turnId);
                replies.logWhenSent("model " + done.profile() + ", " + (clock.millis() - started) + " ms");
                return Outcome.ANSWERED;
            } catch (ModelCallException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // The bot is stopping and its grace is over: the next start answers this message again.
                    log.info("🛑 The answer to {} was cut short by the stop", describe(message));
                    return Outcome.INTERRUPTED;
                }
                log.error("❌ Model call failed for {}: {}", describe(message), e.getMessage());
                log.debug("Model call failure detail", e);
                sendError(message, question, quote, replies);
                return Outcome.FAILED;
            }
        }, afterAnswer);
    }

    /** A held answer: as a text file when it is longer than {@code reply.longAsFileAbove}, else as usual. */
    private void releaseHeld(IncomingMessage message, String answer, ReplyAssembler assembler) {
        if (answer.length() <= media.longAsFileAbove()) {
            assembler.append(answer);
            return;
        }
        byte[] file = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sends.begin();
        CompletableFuture<Void> sent;
        try {
            sent = channel.sendFile(new io.cow.core.message.OutgoingFile(message.chat(), file, "text/plain; charset=utf-8", "answer.txt"));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ok, error) -> {
            sends.end();
            if (error == null) {
                log.info("📄 Sent a long answer ({} characters) to {} as a file", answer.length(), describe(message));
            } else {
                log.error("❌ Could not send the long answer to {} as a file ({}); sending it as text", describe(message),
                        error.getMessage());
                replyWith(message, answer, "long answer, after the file failed");
            }
        });
        assembler.append("📄 答案较长，已作为文件 answer.txt 发送 / The answer is long: sent as the file answer.txt");
    }

    private void sendError(IncomingMessage message, String question, boolean quote, Replies replies) {
        Replies errorReplies = replies.parts() == 0 ? replies : new Replies(message);
        ReplyAssembler assembler = errorReplies.assembler();
        if (quote && replies.parts() == 0) {
            assembler.append(quoted(question) + PipelineOptions.GROUP_QUOTE_RULE);
        }
        assembler.append(options.errorMessage());
        errorReplies.finish(assembler, 0);
        errorReplies.logWhenSent("error message");
    }

    /** The question as a group answer quotes it: whole when short, else its start (a quote of pages helps nobody). */
    private static String quoted(String question) {
        if (question.length() <= PipelineOptions.MAX_QUOTE) {
            return question;
        }
        return question.substring(0, Graphemes.cut(question, PipelineOptions.MAX_QUOTE).at()) + "…";
    }

    private List<ChatMessage> prompt(IncomingMessage message, String question, ChatProfile chat) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = SystemPrompt.render(chat.systemPrompt(), clock);
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        try {
            messages.addAll(memory.history(message));
        } catch (RuntimeException e) {
            log.error("❌ Could not read the conversation of {}; asking without it: {}", describe(message), e.getMessage(), e);
        }
        messages.add(UserMessage.from(question));
        return messages;
    }

    /** @return the turn's id when it was stored as on its way (there is an outbox), else 0 */
    private long remember(IncomingMessage message, String question, List<ChatMessage> prompt, Answer answer) {
        long turnId = 0;
        try {
            if (outbox != null) {
                turnId = memory.recordUndelivered(message, question, answer);
            } else {
                memory.record(message, question, answer);
            }
        } catch (RuntimeException e) {
            log.error("❌ Could not remember the answer to {}; the conversation goes on without it: {}",
                    describe(message), e.getMessage(), e);
        }
        try {
            usage.record(message, prompt, answer);
        } catch (RuntimeException e) {
            log.error("❌ Could not count the tokens of the answer to {}: {}", describe(message), e.getMessage(), e);
        }
        return turnId;
    }

    /** Sends a reply that did not come from the model. */
    private void replyWith(IncomingMessage message, String text, String source) {
        Replies replies = new Replies(message);
        ReplyAssembler assembler = replies.assembler();
        assembler.append(text);
        replies.finish(assembler, 0);
        replies.logWhenSent(source);
    }

    /** Waits until every queued send has completed or failed; for tools that exit when input ends. */
    public boolean awaitSends(Duration timeout) throws InterruptedException {
        return sends.awaitZero(timeout);
    }

    /** Who wrote the message, for a log line: names are people's text too. */
    private static String describe(IncomingMessage message) {
        return message.isGroup()
                ? LogText.of(message.sender().name()) + " in group " + LogText.of(message.chat().title())
                : LogText.of(message.chat().title().isEmpty() ? message.sender().name() : message.chat().title());
    }

    /** Feeds streamed pieces to the reply, dropping whitespace before the answer starts. */
    private static final class AnswerStream {
        private final MarkdownStream markdown;
        private boolean started;

        AnswerStream(MarkdownStream markdown) {
            this.markdown = markdown;
        }

        void accept(String piece) {
            String text = started ? piece : piece.stripLeading();
            if (text.isEmpty()) {
                return;
            }
            started = true;
            markdown.append(text);
        }

        void finish() {
            markdown.finish();
        }

        boolean receivedAny() {
            return started;
        }
    }

    /**
     * The messages of one reply: stored in the outbox (when there is one) and queued on the channel in order, logged
     * once all are sent. Parts made while the answer streams are stored one by one; the parts {@link #finish} makes are
     * stored together with the turn and the message's "handled" mark, in one transaction, so a stop never leaves a
     * message both answered and waiting to be answered.
     */
    private final class Replies {
        private final IncomingMessage inReplyTo;
        private final List<CompletableFuture<Void>> sent = new ArrayList<>();
        private final List<OutgoingMessage> ending = new ArrayList<>();
        private boolean finishing;
        private int made;
        private int chars;

        Replies(IncomingMessage inReplyTo) {
            this.inReplyTo = inReplyTo;
        }

        ReplyAssembler assembler() {
            return new ReplyAssembler(limits, options.truncatedNote(), this::send);
        }

        int parts() {
            return made;
        }

        private void send(String text) {
            String part = text.stripTrailing();
            List<String> mentions = inReplyTo.isGroup() && made == 0 && !inReplyTo.fromSelf()
                    ? List.of(inReplyTo.sender().id()) : List.of();
            recentReplies.remember(inReplyTo.chat().id(), part);
            chars += part.length();
            made++;
            OutgoingMessage message = new OutgoingMessage(inReplyTo.chat(), part, mentions, inReplyTo);
            if (outbox != null && finishing) {
                ending.add(message);
                return;
            }
            if (outbox != null) {
                try {
                    outbox.stream(message);
                } catch (StoreException e) {
                    log.error("❌ Could not store a reply part for {} ({}); it is sent without a copy in the store",
                            describe(inReplyTo), e.getMessage());
                }
            }
            queue(message);
        }

        /** Ends the reply: the assembler's last parts, with the turn they complete (0: none). */
        void finish(ReplyAssembler assembler, long turnId) {
            finishing = true;
            assembler.finish();
            finishing = false;
            if (outbox != null) {
                try {
                    outbox.finish(inReplyTo, ending, turnId);
                } catch (StoreException e) {
                    log.error("❌ Could not store the reply to {} ({}); it is sent without a copy in the store",
                            describe(inReplyTo), e.getMessage());
                }
            }
            ending.forEach(this::queue);
            ending.clear();
        }

        private void queue(OutgoingMessage message) {
            sends.begin();
            CompletableFuture<Void> future;
            try {
                future = channel.send(message);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            sent.add(future.whenComplete((ok, error) -> sends.end()));
        }

        void logWhenSent(String source) {
            int count = sent.size();
            int total = chars;
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
                if (error == null) {
                    log.info("🤖 Replied to {}: {} message(s), {} characters ({})", describe(inReplyTo), count, total, source);
                } else {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (SendFailure.kindOf(cause).filter(k -> k == SendFailure.Kind.NOT_SENT).isPresent()) {
                        // The bot stops (it logs the counts); the outbox keeps the reply for the next start.
                        log.debug("The reply to {} waits in the outbox: {}", describe(inReplyTo), cause.getMessage());
                    } else {
                        log.error("❌ Could not send the reply to {}: {}", describe(inReplyTo), cause.getMessage(), cause);
                    }
                }
            });
        }
    }
}
