package dev.conclab.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextTest {

  @Test
  void quote_escapesLineBreaksTabsAndOtherControlCharacters() {
    assertThat(ErrorText.quote("a\nb\rc\td\u0000e\u001bf\u007fg\u0085h\u2028i"))
        .isEqualTo("'a\\nb\\rc\\td\\u0000e\\u001bf\\u007fg\\u0085h\\u2028i'");
  }

  @Test
  void quote_keepsPrintableTextAsItIs() {
    assertThat(ErrorText.quote("threads:workers=4 ü → ✓")).isEqualTo("'threads:workers=4 ü → ✓'");
    assertThat(ErrorText.quote(null)).isEqualTo("'null'");
  }

  @Test
  void oneLine_stripsOuterWhiteSpace_andEscapesTheRest() {
    assertThat(ErrorText.oneLine("  bad value 'x\ny'\n")).isEqualTo("bad value 'x\\ny'");
    assertThat(ErrorText.oneLine(null)).isEmpty();
    String plain = "nothing to escape";
    assertThat(ErrorText.escape(plain)).isSameAs(plain);
  }
}
