package org.openanpr.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's packages depend on each other without a cycle, so each can be read, tested and changed from the
 * packages below it. Dependencies are read from the sources: every {@code org.openanpr.x.Y} a file names (imports,
 * qualified names, Javadoc links), counted where {@code Y} is a class of this module (the same package names in
 * {@code core} are below every server package, and Maven keeps them so).
 */
class PackageCycleTest {
    private static final Pattern REFERENCE =
            Pattern.compile("org\\.openanpr\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)\\.([A-Z]\\w*|\\*)");

    @Test
    void serverPackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = dependencies(sources());
        assertThat(graph).as("packages read").containsKeys("access", "audit", "action", "hit", "hotlist");
        assertThat(cycle(graph)).as("a cycle between org.openanpr packages (each depends on the next)").isEmpty();
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> graph =
                Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of());
        assertThat(cycle(graph)).containsExactly("a", "b", "c", "a");
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    /** The server module's main sources, from the module's directory (Maven) or the repository root. */
    private static Path sources() {
        Path here = Path.of("src/main/java/org/openanpr");
        return Files.isDirectory(here.resolve("server")) ? here : Path.of("server").resolve(here);
    }

    /** Package (relative to org.openanpr) → the other server packages its files name. */
    private static Map<String, Set<String>> dependencies(Path root) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String from = root.relativize(file.getParent()).toString()
                    .replace(file.getFileSystem().getSeparator(), ".");
            Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(Files.readString(file));
            while (m.find()) {
                String pkg = m.group(1);
                Path dir = root.resolve(pkg.replace('.', '/'));
                boolean inServer = m.group(2).equals("*") ? Files.isDirectory(dir)
                        : Files.exists(dir.resolve(m.group(2) + ".java"));
                if (inServer && !pkg.equals(from)) to.add(pkg);
            }
        }
        return graph;
    }

    /** One cycle as the packages along it, first repeated at the end; empty when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new HashMap<>(); // absent: unseen, 1: on the current path, 2: done
        for (String start : new TreeSet<>(graph.keySet())) {
            if (state.containsKey(start)) continue;
            Deque<String> path = new ArrayDeque<>();
            List<String> found = visit(start, graph, state, path);
            if (!found.isEmpty()) return found;
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
                                      Deque<String> path) {
        state.put(node, 1);
        path.addLast(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            Integer s = state.get(next);
            if (s == null) {
                List<String> found = visit(next, graph, state, path);
                if (!found.isEmpty()) return found;
            } else if (s == 1) {
                List<String> cycle = new ArrayList<>();
                boolean on = false;
                for (String p : path) {
                    on |= p.equals(next);
                    if (on) cycle.add(p);
                }
                cycle.add(next);
                return cycle;
            }
        }
        path.removeLast();
        state.put(node, 2);
        return List.of();
    }
}
