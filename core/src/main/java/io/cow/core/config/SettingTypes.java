package io.cow.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The setting types the configuration uses. */
public final class SettingTypes {

    private SettingTypes() {
    }

    /** Any scalar, as text; numbers and booleans written unquoted in YAML are accepted as their text. */
    public static SettingType<String> string() {
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                if (raw instanceof Map || raw instanceof Collection) {
                    throw new IllegalArgumentException();
                }
                return String.valueOf(raw);
            }

            @Override
            public String allowed() {
                return "text";
            }
        };
    }

    /** Text that must not be empty. */
    public static SettingType<String> nonEmptyString() {
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String value = string().parse(raw);
                if (value.isBlank()) {
                    throw new IllegalArgumentException();
                }
                return value;
            }

            @Override
            public String allowed() {
                return "non-empty text";
            }
        };
    }

    public static SettingType<Boolean> bool() {
        return new SettingType<>() {
            @Override
            public Boolean parse(Object raw) {
                if (raw instanceof Boolean b) {
                    return b;
                }
                String text = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
                return switch (text) {
                    case "true", "yes", "on", "1" -> true;
                    case "false", "no", "off", "0" -> false;
                    default -> throw new IllegalArgumentException();
                };
            }

            @Override
            public String allowed() {
                return "true or false";
            }
        };
    }

    public static SettingType<Integer> integer(int min, int max) {
        return new SettingType<>() {
            @Override
            public Integer parse(Object raw) {
                long value;
                if (raw instanceof Number n && !(raw instanceof Double || raw instanceof Float)) {
                    value = n.longValue();
                } else {
                    try {
                        value = Long.parseLong(String.valueOf(raw).trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(e);
                    }
                }
                if (value < min || value > max) {
                    throw new IllegalArgumentException();
                }
                return (int) value;
            }

            @Override
            public String allowed() {
                return "a whole number from " + min + " to " + max;
            }
        };
    }

    public static SettingType<Double> decimal(double min, double max) {
        return new SettingType<>() {
            @Override
            public Double parse(Object raw) {
                double value;
                try {
                    value = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(raw).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(e);
                }
                if (Double.isNaN(value) || value < min || value > max) {
                    throw new IllegalArgumentException();
                }
                return value;
            }

            @Override
            public String allowed() {
                return "a number from " + trim(min) + " to " + trim(max);
            }
        };
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}; a bare number is seconds. */
    public static SettingType<Duration> duration(Duration min, Duration max) {
        return new SettingType<>() {
            @Override
            public Duration parse(Object raw) {
                Matcher m = DURATION.matcher(String.valueOf(raw).trim().toLowerCase(Locale.ROOT));
                if (!m.matches()) {
                    throw new IllegalArgumentException();
                }
                long amount = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                Duration value = switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
                if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                    throw new IllegalArgumentException();
                }
                return value;
            }

            @Override
            public String allowed() {
                return "a duration from " + format(min) + " to " + format(max) + " (e.g. 500ms, 30s, 5m, 1h)";
            }

            @Override
            public String format(Duration value) {
                return formatDuration(value);
            }
        };
    }

    /** One of a fixed set of words, compared without regard to case. */
    public static SettingType<String> oneOf(Collection<String> values) {
        List<String> allowed = List.copyOf(values);
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String text = String.valueOf(raw).trim();
                return allowed.stream().filter(v -> v.equalsIgnoreCase(text)).findFirst()
                        .orElseThrow(IllegalArgumentException::new);
            }

            @Override
            public String allowed() {
                return "one of: " + String.join(", ", allowed);
            }
        };
    }

    /** An absolute http or https URL; a trailing slash is removed. */
    public static SettingType<String> httpUrl() {
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String text = String.valueOf(raw).trim();
                try {
                    URI uri = URI.create(text);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                        throw new IllegalArgumentException();
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e);
                }
                return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            }

            @Override
            public String allowed() {
                return "an http:// or https:// URL";
            }
        };
    }

    /** A list of texts: a YAML list, or a comma-separated string (the form environment variables use). */
    public static SettingType<List<String>> stringList() {
        return new SettingType<>() {
            @Override
            public List<String> parse(Object raw) {
                List<String> out = new ArrayList<>();
                if (raw instanceof Collection<?> items) {
                    for (Object item : items) {
                        if (item instanceof Map || item instanceof Collection) {
                            throw new IllegalArgumentException();
                        }
                        out.add(String.valueOf(item).trim());
                    }
                } else if (raw instanceof Map) {
                    throw new IllegalArgumentException();
                } else {
                    for (String part : String.valueOf(raw).split(",")) {
                        out.add(part.trim());
                    }
                }
                out.removeIf(String::isEmpty);
                return List.copyOf(out);
            }

            @Override
            public String allowed() {
                return "a list of texts (in an environment variable: comma-separated)";
            }

            @Override
            public String format(List<String> value) {
                return value == null ? "" : String.join(", ", value);
            }
        };
    }

    /** A list of maps from text to text, e.g. keyword replies: {@code [{keyword: x, reply: y}]}. */
    public static SettingType<List<Map<String, String>>> mapList(List<String> requiredFields) {
        return new SettingType<>() {
            @Override
            public List<Map<String, String>> parse(Object raw) {
                if (!(raw instanceof Collection<?> items)) {
                    throw new IllegalArgumentException();
                }
                List<Map<String, String>> out = new ArrayList<>();
                for (Object item : items) {
                    if (!(item instanceof Map<?, ?> map)) {
                        throw new IllegalArgumentException();
                    }
                    Map<String, String> entry = new java.util.LinkedHashMap<>();
                    map.forEach((k, v) -> entry.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
                    for (String field : requiredFields) {
                        if (entry.getOrDefault(field, "").isEmpty()) {
                            throw new IllegalArgumentException();
                        }
                    }
                    out.add(Map.copyOf(entry));
                }
                return List.copyOf(out);
            }

            @Override
            public String allowed() {
                return "a list of entries, each with " + String.join(" and ", requiredFields);
            }
        };
    }

    static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
