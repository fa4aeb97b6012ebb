package io.cow.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile as a list of build stages, each a list of instructions (continuation lines joined). */
record Dockerfile(List<Stage> stages) {

    /** One instruction: its keyword in upper case and the rest of the line. */
    record Instruction(String keyword, String arguments) {
    }

    /** A stage: its FROM arguments and the instructions after it. */
    record Stage(String from, List<Instruction> instructions) {
        String name() {
            String[] words = from.trim().split("\\s+");
            return words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "";
        }

        String image() {
            return from.trim().split("\\s+")[0];
        }

        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        String last(String keyword) {
            List<String> found = all(keyword);
            return found.isEmpty() ? null : found.get(found.size() - 1);
        }
    }

    static Dockerfile parse(String text) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                logical.add(current.toString());
                current.setLength(0);
            }
        }
        List<Stage> stages = new ArrayList<>();
        for (String line : logical) {
            int space = line.indexOf(' ');
            String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : line.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                stages.add(new Stage(arguments, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                if (!keyword.equals("ARG")) {
                    throw new AssertionError("instruction before the first FROM: " + line);
                }
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(stages);
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }
}
