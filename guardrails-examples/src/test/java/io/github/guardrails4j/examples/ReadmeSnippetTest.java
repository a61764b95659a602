package io.github.guardrails4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java snippet compiles as printed (wrapped in a class that supplies {@code myLlm}) and, run against a
 * simulator that never answers in time, answers an interrupt at once: it refuses, keeps the thread's interrupt flag
 * and does not wait out the check's deadline (issue 10 item 17: {@code join()} ignored interrupts).
 */
class ReadmeSnippetTest {
    private static final Path README = Path.of("..", "README.md");
    private static final String PRINTED_URL = "\"http://nim-host:8000\"";
    private static final String CLASS = "ReadmeSnippet";

    @TempDir
    Path dir;

    /** @return the imports and the rest of the README's first java block */
    private static List<String> snippet() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "README.md has a ```java block");
        int end = readme.indexOf("```", start + 8);
        String code = readme.substring(start + 8, end);
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return List.of(imports.toString(), body.toString());
    }

    /** Compiles the snippet, its base URL replaced by {@code baseUrl}, and loads it. */
    private Class<?> compile(String baseUrl) throws Exception {
        List<String> parts = snippet();
        assertTrue(parts.get(1).contains(PRINTED_URL), "the snippet's base URL is " + PRINTED_URL);
        String source = parts.get(0)
                + "\npublic class " + CLASS + " {\n"
                + "    public interface Llm { String generate(String userMessage); }\n"
                + "    public final Llm myLlm = userMessage -> \"Our store opens at 9.\";\n"
                + parts.get(1).replace(PRINTED_URL, "\"" + baseUrl + "\"")
                + "}\n";
        Path file = dir.resolve(CLASS + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK, not a JRE");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(
                null,
                diagnostics,
                diagnostics,
                "-classpath",
                classPath,
                "-d",
                dir.toString(),
                "--release",
                "17",
                // every lint but [path]: a jar on the test class path (opennlp-tools, via LangChain4j) names a
                // Class-Path entry that does not exist, which says nothing about the snippet
                "-Xlint:all,-path",
                "-Werror",
                file.toString());
        assertEquals(
                0,
                rc,
                () -> "the README snippet does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8) + "\n"
                        + source);
        URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReadmeSnippetTest.class.getClassLoader());
        return loader.loadClass(CLASS);
    }

    @Test
    void compilesAsPrinted() throws Exception {
        Class<?> c = compile("http://nim-host:8000");
        assertEquals(String.class, c.getDeclaredMethod("answer", String.class).getReturnType());
    }

    @Test
    void answersWithTheModelsTextWhenBothChecksAllow() throws Exception {
        try (NimSimulator sim =
                NimSimulator.builder().latency(LatencyModel.none()).start()) {
            Object snippet = newInstance(compile(sim.baseUrl()));
            try {
                assertEquals("Our store opens at 9.", answer(snippet, "When does the store open?"));
            } finally {
                closeClient(snippet);
            }
        }
    }

    @Test
    void anInterruptedRequestThreadRefusesAtOnceAndKeepsItsInterruptFlag() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        try (NimSimulator sim = NimSimulator.builder()
                .latency(LatencyModel.fixed(Duration.ofSeconds(60))) // far beyond the 15 s check deadline
                .faults(request -> {
                    arrived.countDown();
                    return Optional.empty();
                })
                .start()) {
            Object snippet = newInstance(compile(sim.baseUrl()));
            AtomicReference<Object> result = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();
            Thread request = new Thread(() -> {
                result.set(answer(snippet, "When does the store open?"));
                flagKept.set(Thread.currentThread().isInterrupted());
            });
            try {
                request.start();
                assertTrue(arrived.await(10, TimeUnit.SECONDS), "a rail reached the simulator");
                request.interrupt();
                request.join(TimeUnit.SECONDS.toMillis(5));
                assertFalse(request.isAlive(), "the snippet ignored the interrupt and still waits for the check");
                assertEquals("Sorry, I can't help with that.", result.get());
                assertTrue(flagKept.get(), "the interrupt flag is restored for the caller");
            } finally {
                closeClient(snippet);
                request.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    private static Object newInstance(Class<?> c) throws Exception {
        Constructor<?> constructor = c.getDeclaredConstructor();
        return constructor.newInstance();
    }

    private static Object answer(Object snippet, String userMessage) {
        try {
            Method m = snippet.getClass().getDeclaredMethod("answer", String.class);
            m.setAccessible(true);
            return m.invoke(snippet, userMessage);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeClient(Object snippet) throws Exception {
        Field nim = snippet.getClass().getDeclaredField("nim");
        nim.setAccessible(true);
        ((AutoCloseable) nim.get(snippet)).close();
    }
}
