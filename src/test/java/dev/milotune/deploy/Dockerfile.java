package dev.milotune.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile read the way BuildKit reads one: comment lines dropped, lines joined at a trailing
 * backslash, one instruction a line, stages started by FROM. Only what the tests look at is
 * interpreted further (ARG, ENV, COPY flags, FROM ... AS).
 */
record Dockerfile(String file, Map<String, String> globalArgs, List<Stage> stages) {

    record Instruction(String keyword, String arguments, int line) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        /** ENV of this stage, in order (later values win). */
        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            all("ENV").forEach(i -> environment.putAll(assignments(i.arguments())));
            return environment;
        }

        /** ARG of this stage, with defaults (null where none). */
        Map<String, String> args() {
            Map<String, String> args = new LinkedHashMap<>();
            all("ARG").forEach(i -> args.putAll(declarations(i.arguments())));
            return args;
        }
    }

    static Dockerfile parse(String relative) {
        String text = RepositoryFiles.read(relative);
        List<Instruction> instructions = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("#")) {
                continue;
            }
            if (current == null) {
                if (line.isBlank()) {
                    continue;
                }
                current = new StringBuilder();
                start = i + 1;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1);
                continue;
            }
            current.append(line);
            String joined = current.toString().strip();
            int space = joined.indexOf(' ');
            instructions.add(new Instruction(joined.substring(0, space < 0 ? joined.length() : space).toUpperCase(Locale.ROOT),
                    space < 0 ? "" : joined.substring(space + 1).strip(), start));
            current = null;
        }
        if (current != null) {
            throw new AssertionError(relative + ": line " + start + " continues past the end of the file");
        }

        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> body = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                List<String> words = words(instruction.arguments());
                List<String> plain = words.stream().filter(w -> !w.startsWith("--")).toList();
                String name = plain.size() == 3 && plain.get(1).equalsIgnoreCase("AS") ? plain.get(2) : null;
                if (plain.size() != 1 && name == null) {
                    throw new AssertionError(relative + ": line " + instruction.line() + ": FROM image [AS name] expected");
                }
                body = new ArrayList<>();
                stages.add(new Stage(plain.get(0), name, body));
            } else if (body == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new AssertionError(relative + ": line " + instruction.line() + ": only ARG may come before the first FROM");
                }
                globalArgs.putAll(declarations(instruction.arguments()));
            } else {
                body.add(instruction);
            }
        }
        return new Dockerfile(relative, globalArgs, stages);
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst();
    }

    /** Words of an instruction's arguments; double-quoted parts keep their spaces (quotes removed). */
    static List<String> words(String arguments) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new AssertionError("unbalanced quotes in: " + arguments);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code KEY=VALUE ...} (ENV). The legacy {@code ENV KEY VALUE} form is refused. */
    static Map<String, String> assignments(String arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : words(arguments)) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw new AssertionError("ENV " + arguments + ": use the KEY=VALUE form");
            }
            values.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return values;
    }

    /** {@code NAME[=default] ...} (ARG); null for a name without default. */
    static Map<String, String> declarations(String arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : words(arguments)) {
            int equals = word.indexOf('=');
            values.put(equals < 0 ? word : word.substring(0, equals), equals < 0 ? null : word.substring(equals + 1));
        }
        return values;
    }

    /** The {@code --name=value} flags of an instruction (COPY --from=..., HEALTHCHECK --interval=...). */
    static Map<String, String> flags(String arguments) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String word : words(arguments)) {
            if (!word.startsWith("--")) {
                break;
            }
            int equals = word.indexOf('=');
            flags.put(word.substring(2, equals < 0 ? word.length() : equals), equals < 0 ? "" : word.substring(equals + 1));
        }
        return flags;
    }

    /** The arguments after the flags. */
    static List<String> operands(String arguments) {
        return words(arguments).stream().dropWhile(w -> w.startsWith("--")).toList();
    }
}
