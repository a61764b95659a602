package io.github.guardrails4j.nim;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Walks an object graph looking for a text: strings, byte and char arrays, collections, maps, optionals, completed
 * futures' values, and every field of classes on the class path (ours, OkHttp's, lambdas); JDK internals are not
 * entered. For tests that prove no user text is kept.
 */
final class HeapWalk {
    private final String needle;
    private final Map<Object, Boolean> seen = new IdentityHashMap<>();
    private final List<String> where = new ArrayList<>();

    HeapWalk(String needle) {
        this.needle = needle;
    }

    boolean found() {
        return !where.isEmpty();
    }

    List<String> where() {
        return where;
    }

    int visited() {
        return seen.size();
    }

    void visit(Object o) {
        visit(o, "root");
    }

    private void visit(Object o, String path) {
        if (o == null || o instanceof Class || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof CharSequence cs) {
            check(cs.toString(), path);
        } else if (o instanceof byte[] b) {
            check(new String(b, StandardCharsets.UTF_8), path);
        } else if (o instanceof char[] c) {
            check(new String(c), path);
        } else if (o instanceof Object[] array) {
            for (int i = 0; i < array.length; i++) {
                visit(array[i], path + "[" + i + "]");
            }
        } else if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                visit(e, path + "[" + i++ + "]");
            }
        } else if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                visit(k, path + ".key");
                visit(v, path + "[" + k + "]");
            });
        } else if (o instanceof Optional<?> opt) {
            visit(opt.orElse(null), path + ".get");
        }
        if (o instanceof CompletableFuture<?> f && f.isDone() && !f.isCompletedExceptionally()) {
            visit(f.getNow(null), path + ".value");
        }
        for (Class<?> c = o.getClass(); c != null && !c.getModule().isNamed(); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    visit(field.get(o), path + "." + field.getName());
                } catch (IllegalAccessException | InaccessibleObjectException e) {
                    throw new AssertionError("cannot read " + c.getName() + "." + field.getName(), e);
                }
            }
        }
    }

    private void check(String text, String path) {
        if (text.contains(needle)) {
            where.add(path);
        }
    }
}
