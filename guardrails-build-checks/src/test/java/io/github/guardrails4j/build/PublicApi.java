package io.github.guardrails4j.build;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaGenericArrayType;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.domain.JavaWildcardType;
import com.tngtech.archunit.core.domain.ThrowsDeclaration;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The public API of one module as text: one line per public or protected type, constructor, method and field in
 * its exported packages (every package whose name has no {@code internal} segment), sorted. Each line starts with
 * the type's name, so a type's lines stay together: {@code io.github.guardrails4j.Guardrails: public static
 * io.github.guardrails4j.Guardrails.Builder builder()}.
 *
 * <p>Read from the compiled class files with ArchUnit's importer (no class is loaded), and written with our own
 * formatting, so the text depends only on the class files: JDK 17 and 25 give the same listing. Synthetic and
 * bridge members are left out.
 */
final class PublicApi {
    private static final List<JavaModifier> MODIFIER_ORDER = List.of(
            JavaModifier.PUBLIC,
            JavaModifier.PROTECTED,
            JavaModifier.ABSTRACT,
            JavaModifier.STATIC,
            JavaModifier.FINAL,
            JavaModifier.TRANSIENT,
            JavaModifier.VOLATILE);

    private PublicApi() {}

    /**
     * Lists the public API of the classes under one directory (a module's {@code target/classes}).
     *
     * @param classes the class-file directory
     * @return the listing, one line per element, sorted, each line ending with a line feed
     * @throws IllegalStateException when the directory does not exist (the module is not compiled)
     */
    static String of(Path classes) {
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " does not exist: compile the module first");
        }
        JavaClasses imported = new ClassFileImporter().importPath(classes);
        Set<String> lines = new TreeSet<>();
        for (JavaClass type : imported) {
            if (visible(type) && exported(type)) {
                String owner = name(type);
                lines.add(owner + ": " + declaration(type));
                for (JavaMember member : members(type)) {
                    if (visible(member.getModifiers()) && !synthetic(member.getModifiers())) {
                        lines.add(owner + ": " + declaration(member));
                    }
                }
            }
        }
        return lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    }

    private static List<JavaMember> members(JavaClass type) {
        List<JavaMember> members = new ArrayList<>();
        members.addAll(type.getFields());
        members.addAll(type.getConstructors());
        members.addAll(type.getMethods());
        return members;
    }

    private static boolean exported(JavaClass type) {
        return !("." + type.getPackageName() + ".").contains(".internal.");
    }

    private static boolean visible(JavaClass type) {
        if (type.isAnonymousClass() || type.isLocalClass() || !visible(type.getModifiers())) {
            return false;
        }
        return type.getEnclosingClass().map(PublicApi::visible).orElse(true);
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean synthetic(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.SYNTHETIC) || modifiers.contains(JavaModifier.BRIDGE);
    }

    private static String declaration(JavaClass type) {
        StringBuilder s = new StringBuilder(modifiers(type.getModifiers()));
        s.append(kind(type)).append(' ').append(name(type)).append(typeParameters(type.getTypeParameters()));
        type.getSuperclass()
                .filter(t -> !t.toErasure().isEquivalentTo(Object.class) && !type.isInterface())
                .ifPresent(t -> s.append(" extends ").append(name(t)));
        List<String> interfaces = sortedNames(type.getInterfaces());
        if (!interfaces.isEmpty()) {
            s.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        return s.toString();
    }

    private static String kind(JavaClass type) {
        if (type.isAnnotation()) {
            return "@interface";
        } else if (type.isInterface()) {
            return "interface";
        } else if (type.isEnum()) {
            return "enum";
        } else if (type.isRecord()) {
            return "record";
        }
        return "class";
    }

    private static String declaration(JavaMember member) {
        StringBuilder s = new StringBuilder(modifiers(member.getModifiers()));
        if (member instanceof JavaField field) {
            return s.append(name(field.getType()))
                    .append(' ')
                    .append(field.getName())
                    .toString();
        }
        JavaCodeUnit unit = (JavaCodeUnit) member;
        String typeParameters = typeParameters(unit.getTypeParameters());
        if (!typeParameters.isEmpty()) {
            s.append(typeParameters).append(' ');
        }
        if (unit instanceof JavaMethod method) {
            s.append(name(method.getReturnType())).append(' ').append(method.getName());
        } else {
            s.append("<init>");
        }
        s.append('(')
                .append(unit.getParameterTypes().stream().map(PublicApi::name).collect(Collectors.joining(", ")))
                .append(')');
        List<String> thrown = new ArrayList<>();
        for (ThrowsDeclaration<?> t : unit.getThrowsClause()) {
            thrown.add(name(t.getRawType()));
        }
        if (!thrown.isEmpty()) {
            thrown.sort(null);
            s.append(" throws ").append(String.join(", ", thrown));
        }
        return s.toString();
    }

    private static String modifiers(Set<JavaModifier> modifiers) {
        StringBuilder s = new StringBuilder();
        for (JavaModifier m : MODIFIER_ORDER) {
            if (modifiers.contains(m)) {
                s.append(m.name().toLowerCase(Locale.ROOT)).append(' ');
            }
        }
        return s.toString();
    }

    private static String typeParameters(List<? extends JavaTypeVariable<?>> variables) {
        if (variables.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JavaTypeVariable<?> v : variables) {
            List<String> bounds = v.getUpperBounds().stream()
                    .filter(b -> !b.toErasure().isEquivalentTo(Object.class))
                    .map(PublicApi::name)
                    .collect(Collectors.toList());
            parts.add(bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds));
        }
        return "<" + String.join(", ", parts) + ">";
    }

    private static List<String> sortedNames(Collection<JavaType> types) {
        return types.stream().map(PublicApi::name).sorted().collect(Collectors.toList());
    }

    /** A type as source would write it, fully qualified: nested types joined with dots, generics kept. */
    private static String name(JavaType type) {
        if (type instanceof JavaClass c) {
            return c.isArray() ? name(c.getComponentType()) + "[]" : c.getName().replace('$', '.');
        } else if (type instanceof JavaParameterizedType p) {
            return name(p.toErasure()) + "<"
                    + p.getActualTypeArguments().stream().map(PublicApi::name).collect(Collectors.joining(", "))
                    + ">";
        } else if (type instanceof JavaWildcardType w) {
            if (!w.getLowerBounds().isEmpty()) {
                return "? super " + name(w.getLowerBounds().get(0));
            }
            List<JavaType> upper = w.getUpperBounds();
            return upper.isEmpty() || upper.get(0).toErasure().isEquivalentTo(Object.class)
                    ? "?"
                    : "? extends " + name(upper.get(0));
        } else if (type instanceof JavaGenericArrayType a) {
            return name(a.getComponentType()) + "[]";
        } else if (type instanceof JavaTypeVariable<?> v) {
            return v.getName();
        }
        throw new IllegalArgumentException("unknown kind of type: " + type);
    }
}
