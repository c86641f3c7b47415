package io.reelhouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnowflakeFunctionsTest {
  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "Godfather: Part II|Godfather: Part Ii",
        "(a.k.a. MIB)|(A.K.A. Mib)",
        "Schindler's List|Schindler's List",
        "o'brien's LAST stand|O'brien's Last Stand",
        "spider-man 2|Spider-Man 2",
        "émile ZOLA|Émile Zola",
        "ÉCOLE des femmes|École Des Femmes",
        "señor ñandú|Señor Ñandú",
        "x.y.z|X.Y.Z",
        "a_b~c^d|A_B~C^D",
        "[rec]²|[Rec]²",
        "\"quoted\" word|\"Quoted\" Word",
        "two  spaces|Two  Spaces",
        "tab\tseparated|Tab\tSeparated",
        "1984 (1984)|1984 (1984)",
        "3rd rock|3rd Rock",
        "AND/OR|And/Or",
        "`a,b`|`A,B`",
      })
  void initcapMatchesSnowflake(String in, String expected) {
    assertThat(SnowflakeFunctions.initcap(in.replace("\\t", "\t")))
        .isEqualTo(expected.replace("\\t", "\t"));
  }

  @ParameterizedTest
  @CsvSource(
      value = {"''", "NULL"},
      nullValues = "NULL")
  void initcapKeepsEmptyAndNull(String in) {
    assertThat(SnowflakeFunctions.initcap(in)).isEqualTo(in);
  }
}
