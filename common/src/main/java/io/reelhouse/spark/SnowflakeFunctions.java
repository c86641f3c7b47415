package io.reelhouse.spark;

import static org.apache.spark.sql.functions.udf;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Snowflake string functions whose Spark namesakes behave differently, so a model gives the same
 * answer on Spark as the Snowflake SQL it replaces.
 */
public final class SnowflakeFunctions {
  /** Snowflake INITCAP's default delimiters besides whitespace. The apostrophe is not one. */
  private static final String DELIMITERS = "!?@\"^#$&~_,.:;+-*%/|\\[](){}<>";

  // A UDF because no built-in does this: Spark's initcap only starts words after a space, and
  // expressing Snowflake's rule with split/transform is slower and harder to read.
  private static final UserDefinedFunction INITCAP =
      udf((UDF1<String, String>) SnowflakeFunctions::initcap, DataTypes.StringType);

  private SnowflakeFunctions() {}

  /** {@code INITCAP(s)} as Snowflake computes it, as a Spark column expression. */
  public static Column initcap(Column s) {
    return INITCAP.apply(s);
  }

  /**
   * Upper-cases the first letter and every letter after a delimiter (whitespace or one of {@code !
   * ? @ " ^ # $ & ~ _ , . : ; + - * % / | \ [ ] ( ) { } < >}) and lower-cases all others, code
   * point by code point; {@code null} stays {@code null}.
   */
  public static String initcap(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(s.length());
    boolean startOfWord = true;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      out.appendCodePoint(startOfWord ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
      startOfWord = isDelimiter(cp);
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private static boolean isDelimiter(int cp) {
    return Character.isWhitespace(cp)
        || Character.isSpaceChar(cp)
        || (cp < 128 && DELIMITERS.indexOf(cp) >= 0);
  }
}
