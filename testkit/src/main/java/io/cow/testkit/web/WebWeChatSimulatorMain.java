package io.cow.testkit.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link WebWeChatSimulator} on its own so a person can watch the bot log in and chat: it prints the base
 * URL, reports QR requests and everything the bot sends, and reads console commands ({@code help} lists them).
 * Started by {@code testkit/websim [--port 9000] [--nick Bot] [--hold 25]}.
 */
public final class WebWeChatSimulatorMain {

    private static final String HELP = """
            Commands (names with spaces in "double quotes"):
              login                          scan and confirm the newest QR code the bot shows
              scan | confirm | cancel | expire   act on the newest QR code
              push                           confirm the push login the phone is prompting for
              autopush on|off                confirm push logins by themselves
              say <friend> <text>            a friend writes to the bot
              group <group> <member> <text>  a member writes in a group
              mention <group> <member> <text>   the same, starting with @<bot name> and U+2005
              phone <chat> <text>            you write from the bot's own phone into a chat
              friend <name> | newgroup <name> <member>...   add a friend or a group
              contacts                       list friends and groups
              sent                           list what the bot sent
              logout [1100|1101|1102]        log out on the phone (default 1101)
              kill                           every session dies (hot login fails)
              quit
            """;

    private final WebWeChatSimulator sim;
    private final PrintStream out;

    private WebWeChatSimulatorMain(WebWeChatSimulator sim, PrintStream out) {
        this.sim = sim;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().port(9000);
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> options = options.port(Integer.parseInt(require(args[i], value)));
                case "--nick" -> options = options.selfNickName(require(args[i], value));
                case "--hold" -> options = options.syncCheckHold(Duration.ofSeconds(Long.parseLong(require(args[i], value))));
                case "--help", "-h" -> {
                    System.out.println("usage: websim [--port 9000] [--nick Bot] [--hold <synccheck hold, seconds>]\n\n" + HELP);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
            i++;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        WebWeChatSimulator sim = WebWeChatSimulator.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "websim-shutdown"));
        new WebWeChatSimulatorMain(sim, out).run();
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private void run() throws IOException, InterruptedException {
        SimContact alice = sim.addFriend("Alice");
        SimContact bob = sim.addFriend("Bob");
        sim.addGroup("Team", alice, bob);
        out.println("Web WeChat simulator on " + sim.baseUrl() + " (bot account: " + sim.selfNickName()
                + "; friends Alice and Bob; group Team)");
        out.println("Run the bot against it:  COW_CHANNEL=web COW_WEB_ENDPOINT=" + sim.baseUrl() + " ./cow");
        out.println("Type 'help' for commands.");
        sim.onQrUuid(uuid -> out.println("» the bot asked for a QR code (uuid " + uuid + "): type 'login' to scan and confirm"));
        sim.onSent(m -> out.println("» bot → " + m.chatName() + ": " + m.content().replace("\n", "\n    ")));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("quit") || words.get(0).equals("exit")) {
                sim.close();
                return;
            }
            try {
                execute(words);
                if (List.of("say", "group", "mention", "phone").contains(words.get(0)) && !sim.loggedIn()) {
                    out.println("(the bot is not logged in: the message waits for its next login)");
                }
            } catch (RuntimeException | AssertionError e) {
                out.println("! " + e.getMessage());
            }
        }
        // No console (stdin closed): serve until the process is stopped.
        new CountDownLatch(1).await();
    }

    private void execute(List<String> w) {
        switch (w.get(0).toLowerCase(Locale.ROOT)) {
            case "help" -> out.print(HELP);
            case "login" -> {
                String uuid = sim.scanAndConfirm(Duration.ofSeconds(1));
                out.println("scanned and confirmed " + uuid);
                announceLogin();
            }
            case "scan" -> sim.scan(sim.awaitQrUuid(Duration.ofSeconds(1)));
            case "confirm" -> {
                sim.confirm(newestScanned());
                announceLogin();
            }
            case "cancel" -> sim.cancel(newestPending());
            case "expire" -> sim.expire(newestPending());
            case "push" -> {
                sim.confirm(sim.awaitPushPrompt(Duration.ofSeconds(1)));
                announceLogin();
            }
            case "autopush" -> sim.autoConfirmPushLogin(arg(w, 1).equalsIgnoreCase("on"));
            case "say" -> sim.sendText(contact(arg(w, 1)), rest(w, 2));
            case "group" -> sim.sendGroupText(group(arg(w, 1)), contact(arg(w, 2)), rest(w, 3));
            case "mention" -> {
                SimGroup group = group(arg(w, 1));
                sim.sendGroupText(group, contact(arg(w, 2)), group.botMention() + rest(w, 3));
            }
            case "phone" -> sim.sendFromPhone(chat(arg(w, 1)), rest(w, 2));
            case "friend" -> out.println("added " + sim.addFriend(arg(w, 1)));
            case "newgroup" -> {
                List<SimContact> members = new ArrayList<>();
                for (String name : w.subList(2, w.size())) {
                    members.add(contact(name));
                }
                out.println("added " + sim.addGroup(arg(w, 1), members.toArray(new SimContact[0])));
            }
            case "contacts" -> {
                sim.contacts().forEach(c -> out.println("  " + c));
                sim.groups().forEach(g -> out.println("  " + g + ": " + g.members().stream().map(SimContact::name).toList()
                        + (g.botDisplayName().isEmpty() ? "" : ", bot shown as " + g.botDisplayName())));
            }
            case "sent" -> sim.sent().forEach(m -> out.println("  " + m.at() + " → " + m.chatName() + ": "
                    + m.content().replace("\n", "\n      ")));
            case "logout" -> sim.logoutFromPhone(w.size() > 1 ? Integer.parseInt(w.get(1)) : 1101);
            case "kill" -> sim.killSessions();
            default -> out.println("unknown command " + w.get(0) + "; type 'help'");
        }
    }

    private void announceLogin() {
        Thread watcher = new Thread(() -> {
            try {
                sim.awaitLoggedIn(Duration.ofSeconds(30));
                out.println("» the bot logged in");
            } catch (AssertionError e) {
                out.println("» the bot did not finish logging in within 30 s");
            }
        }, "websim-login-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private String newestPending() {
        return newest(s -> s == QrState.WAITING || s == QrState.SCANNED);
    }

    private String newestScanned() {
        return newest(s -> s == QrState.SCANNED);
    }

    private String newest(java.util.function.Predicate<QrState> wanted) {
        List<String> uuids = sim.qrUuids();
        for (int i = uuids.size() - 1; i >= 0; i--) {
            if (wanted.test(sim.qrState(uuids.get(i)))) {
                return uuids.get(i);
            }
        }
        throw new IllegalStateException("no QR code in that state");
    }

    private SimContact contact(String name) {
        Optional<SimContact> found = sim.contacts().stream().filter(c -> c.name().equalsIgnoreCase(name)
                || c.remarkName().equalsIgnoreCase(name)).findFirst();
        return found.orElseThrow(() -> new IllegalArgumentException("no contact " + name + " (add it with 'friend')"));
    }

    private SimGroup group(String topic) {
        return sim.groups().stream().filter(g -> g.topic().equalsIgnoreCase(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group " + topic + " (add it with 'newgroup')"));
    }

    private SimChat chat(String name) {
        Optional<SimGroup> group = sim.groups().stream().filter(g -> g.topic().equalsIgnoreCase(name)).findFirst();
        return group.<SimChat>map(g -> g).orElseGet(() -> contact(name));
    }

    private static String arg(List<String> words, int index) {
        if (words.size() <= index) {
            throw new IllegalArgumentException("missing argument; type 'help'");
        }
        return words.get(index);
    }

    private static String rest(List<String> words, int from) {
        if (words.size() <= from) {
            throw new IllegalArgumentException("missing text; type 'help'");
        }
        return String.join(" ", words.subList(from, words.size()));
    }

    /** Splits a command line on spaces, keeping "double-quoted" parts together. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }
}
