package io.github.guardrails4j.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The repository this module is built in: its root (system property {@code guardrails.root}, set by the POM), the
 * modules the root POM lists, and simple reads of their POMs.
 */
final class Repository {
    private Repository() {}

    /** {@return the repository root} */
    static Path root() {
        String root = System.getProperty("guardrails.root");
        if (root == null) {
            throw new IllegalStateException("system property guardrails.root is not set; run the tests through Maven");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** {@return the root POM, parsed} */
    static Document rootPom() {
        return parse(root().resolve("pom.xml"));
    }

    /** {@return the POM of a module, parsed} */
    static Document modulePom(String module) {
        return parse(root().resolve(module).resolve("pom.xml"));
    }

    /** {@return the module directories the root POM lists, in order} */
    static List<String> modules() {
        return texts(rootPom().getDocumentElement(), "modules", "module");
    }

    /**
     * A module is published unless its POM sets the property {@code skipPublishing} to true (the switch the
     * Central publishing plugin reads; such modules also skip sources, Javadoc, SBOM and deploy).
     *
     * @param module the module directory
     * @return whether the module is published
     */
    static boolean published(String module) {
        return property(modulePom(module), "skipPublishing")
                .map(v -> !v.equals("true"))
                .orElse(true);
    }

    /** {@return the value of a property in the POM's top-level properties} */
    static Optional<String> property(Document pom, String name) {
        Element properties = child(pom.getDocumentElement(), "properties");
        if (properties == null) {
            return Optional.empty();
        }
        Element property = child(properties, name);
        return property == null
                ? Optional.empty()
                : Optional.of(property.getTextContent().trim());
    }

    /** {@return the text of the direct child element with that name, or null} */
    static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().trim();
    }

    /** {@return the texts of the elements at the end of a path of direct children} */
    static List<String> texts(Element start, String... path) {
        List<Element> level = List.of(start);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            for (Element e : level) {
                next.addAll(children(e, name));
            }
            level = next;
        }
        return level.stream().map(e -> e.getTextContent().trim()).toList();
    }

    /** {@return the direct child elements with that name} */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static Document parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(Files.newInputStream(pom));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot parse " + pom + ": " + e.getMessage(), e);
        }
    }
}
