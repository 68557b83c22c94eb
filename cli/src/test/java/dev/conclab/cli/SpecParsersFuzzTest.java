package dev.conclab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.conclab.fetch.FetchModel;
import dev.conclab.fetch.FetchSpec;
import dev.conclab.lab.CompareSpec;
import dev.conclab.lab.Scale;
import dev.conclab.lab.load.LoadSpec;
import dev.conclab.lab.report.ReportFormat;
import dev.conclab.model.Durations;
import dev.conclab.model.ModelSpec;
import dev.conclab.server.ServerMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line's parsers on any text: the options of every command as picocli parses and
 * converts them (durations, sizes, models, counts, URLs), and the spec parsers the commands call
 * afterwards (model specs, compare's model list, load's URL, fetch's headers and models, the
 * server's mode, scales and report formats). Each either accepts the text or rejects it with the
 * documented exception ({@link CommandLine.ParameterException} from parsing, {@link
 * IllegalArgumentException} from a spec parser, {@link CommandLine.TypeConversionException} from
 * a converter called directly) whose message names no Java internals the text
 * did not contain; nothing else is ever thrown, so the user always gets conclab's one-line error.
 *
 * <p>The corpus ({@code SpecParsersFuzzTestInputs/}) runs in every build; {@code
 * bench/scripts/fuzz.sh specs 10m} fuzzes it.
 */
class SpecParsersFuzzTest {
  private static final List<String> COMMANDS = List.of("compare", "map", "serve", "load", "fetch", "member");
  private static final List<String> INTERNALS = List.of("java.", "Exception", "\tat ", "dev.conclab");

  private static final List<Consumer<String>> PARSERS =
      List.of(
          ModelSpec::parse,
          t -> CompareSpec.splitModels(List.of(t)).forEach(ModelSpec::parse),
          LoadSpec::parseUrl,
          FetchSpec::parseHeader,
          FetchModel::parse,
          ServerMode::parse,
          Scale::parse,
          ReportFormat::parse,
          Durations::parse,
          t -> new Converters.DurationConverter().convert(t),
          t -> new Converters.SizeConverter().convert(t));

  /** Every option of a command, by its longest name. */
  private static List<String> options(String command) {
    List<String> out = new ArrayList<>();
    CommandLine sub = java.util.Objects.requireNonNull(Main.commandLine().getSubcommands().get(command), command);
    for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
      if (o.arity().max() > 0 && !o.usageHelp() && !o.versionHelp()) {
        out.add(o.longestName());
      }
    }
    return out;
  }

  private static final List<List<String>> OPTIONS = COMMANDS.stream().map(SpecParsersFuzzTest::options).toList();

  @FuzzTest(maxDuration = "10s")
  void anyOptionValueOrSpec_isAcceptedOrRejectedWithTheDocumentedError(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      int c = data.consumeInt(0, COMMANDS.size() - 1);
      String option = data.pickValue(OPTIONS.get(c));
      String value = data.consumeRemainingAsString();
      parseOption(COMMANDS.get(c), option, value);
    } else {
      int p = data.consumeInt(0, PARSERS.size() - 1);
      String text = data.consumeRemainingAsString();
      try {
        PARSERS.get(p).accept(text);
      } catch (IllegalArgumentException | CommandLine.TypeConversionException e) {
        checkMessage(text, e);
      }
    }
  }

  /** Parses {@code command option value} as the command line would, without running anything. */
  static void parseOption(String command, String option, String value) {
    try {
      Main.commandLine().parseArgs(command, option, value);
    } catch (CommandLine.ParameterException e) {
      checkMessage(value, e);
    }
  }

  private static void checkMessage(String input, RuntimeException e) {
    assertThat(e.getMessage()).as("message of %s", e).isNotBlank();
    for (String marker : INTERNALS) {
      if (!input.contains(marker)) {
        assertThat(e.getMessage()).as("message for input '%s'", input).doesNotContain(marker);
      }
    }
  }

  @Test
  void aBadCount_isRejectedWithoutNamingJavaClasses() {
    parseOption("compare", "--tasks", "12x");
    parseOption("serve", "--port", "99999999999");
  }

  @Test
  void aPathWithANulCharacter_isAUsageErrorNamingTheReason_notAJavaException() {
    MainTest.Run r = MainTest.run("compare", "--out", "a\0b.html");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("conclab: ").contains("bad path").contains("Nul character not allowed")
        .doesNotContain("java.");
  }

  @Test
  void aBadDuration_isRejectedWithTheDocumentedError() {
    parseOption("serve", "--fetch-delay", "10 parsecs");
    parseOption("fetch", "--timeout", "-1s");
  }
}
