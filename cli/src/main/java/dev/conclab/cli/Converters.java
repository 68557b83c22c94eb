package dev.conclab.cli;

import dev.conclab.fetch.FetchModel;
import dev.conclab.model.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The picocli converters the commands share: each reads one kind of option value. Stateless. */
final class Converters {
  private Converters() {}

  /** A duration read by {@link Durations#parse(String)}: {@code 250us}, {@code 10ms}, {@code 2s}, {@code 1m}, {@code 0}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parsed(value, Durations::parse, e -> String.valueOf(e.getMessage()));
    }
  }

  /** A fetch model name: threads, virtual or async. */
  static final class FetchModelConverter implements ITypeConverter<FetchModel> {
    @Override
    public FetchModel convert(String value) {
      return parsed(value, FetchModel::parse, e -> "expected threads, virtual or async, got '" + value + "'");
    }
  }

  /** {@code parse(value)}, its {@link IllegalArgumentException} turned into picocli's error with {@code message}. */
  private static <T> T parsed(
      String value, Function<String, T> parse, Function<IllegalArgumentException, String> message) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(message.apply(e));
    }
  }

  /**
   * Whether an HTTP version option asks for HTTP/2: {@code 1.1} (or {@code 1}) or {@code 2}.
   *
   * @throws UsageException {@code OPTION must be 1.1 or 2, got 'VALUE'}
   */
  static boolean http2(String option, String value) {
    return switch (value) {
      case "1.1", "1", "http/1.1", "HTTP/1.1" -> false;
      case "2", "2.0", "h2", "http/2", "HTTP/2" -> true;
      default -> throw new UsageException(option + " must be 1.1 or 2, got '" + value + "'");
    };
  }

  /** A byte count with an optional k, m or g suffix (powers of 1024). */
  static final class SizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)b?");

    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException("expected a size like 1048576, 512k or 10m, got '" + value + "'");
      }
      int shift = switch (m.group(2)) {
        case "k" -> 10;
        case "m" -> 20;
        case "g" -> 30;
        default -> 0;
      };
      try {
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) {
          throw new TypeConversionException("size too large: '" + value + "'");
        }
        return n << shift;
      } catch (NumberFormatException e) {
        throw new TypeConversionException("size too large: '" + value + "'");
      }
    }
  }
}
