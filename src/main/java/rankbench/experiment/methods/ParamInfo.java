package rankbench.experiment.methods;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One described hyperparameter of a bean: its name (the bean property, as in {@code -P name=value}),
 * type, description, unit and category, read from the {@link Param} annotation of its getter.
 * Enumerated settings have an enum {@link #type()}; {@link #choices()} lists their ids.
 *
 * @param name the bean property name ({@code energyKeep})
 * @param type the property type (primitive, {@code String} or an enum)
 * @param description what the knob does
 * @param unit its unit or kind, "" if none
 * @param category the property-sheet category
 */
public record ParamInfo(String name, Class<?> type, String description, String unit, String category) {

    /**
     * Returns the described properties of a bean class in declaration order (of its fields).
     *
     * @throws IllegalStateException if a property with a setter has no {@link Param} on its getter
     */
    public static List<ParamInfo> of(Class<?> beanClass) {
        List<ParamInfo> out = new ArrayList<>();
        for (Field f : beanClass.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Method getter = getter(beanClass, f.getName());
            if (getter == null || setter(beanClass, f.getName(), getter.getReturnType()) == null) {
                continue;
            }
            Param p = getter.getAnnotation(Param.class);
            if (p == null) {
                throw new IllegalStateException(
                        beanClass.getSimpleName() + "." + getter.getName() + " has no @Param description");
            }
            out.add(new ParamInfo(f.getName(), getter.getReturnType(), p.description(), p.unit(), p.category()));
        }
        return out;
    }

    /** Returns the description of one property of a bean class, or "" if it has none. */
    public static String describe(Class<?> beanClass, String property) {
        for (ParamInfo i : of(beanClass)) {
            if (i.name().equals(property)) {
                return i.unit().isEmpty() ? i.description() : i.description() + " [" + i.unit() + "]";
            }
        }
        return "";
    }

    /** Returns the current value of this property in {@code bean}. */
    public Object value(Object bean) {
        try {
            return getter(bean.getClass(), name).invoke(bean);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Returns the ids of an enumerated setting's values (their {@code id()}, else {@code toString()}), or an empty list. */
    public List<String> choices() {
        if (!type.isEnum()) {
            return List.of();
        }
        return Arrays.stream(type.getEnumConstants()).map(ParamInfo::id).toList();
    }

    /** Returns an enum constant's id ({@code id()} if it has one, else {@code toString()}). */
    static String id(Object constant) {
        try {
            return String.valueOf(constant.getClass().getMethod("id").invoke(constant));
        } catch (ReflectiveOperationException e) {
            return String.valueOf(constant);
        }
    }

    private static Method getter(Class<?> c, String property) {
        String cap = property.substring(0, 1).toUpperCase(Locale.ROOT) + property.substring(1);
        for (String n : new String[] {"get" + cap, "is" + cap}) {
            try {
                Method m = c.getMethod(n);
                if (m.getReturnType() != void.class) {
                    return m;
                }
            } catch (NoSuchMethodException ignored) {
                // try the next spelling
            }
        }
        return null;
    }

    private static Method setter(Class<?> c, String property, Class<?> type) {
        String cap = property.substring(0, 1).toUpperCase(Locale.ROOT) + property.substring(1);
        try {
            return c.getMethod("set" + cap, type);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
