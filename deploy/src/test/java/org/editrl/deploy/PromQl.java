package org.editrl.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to find the metric names an expression selects: label matchers,
 * range and subquery brackets, grouping clauses, strings, numbers, Grafana variables, functions
 * and keywords are taken out; what is left are metric names (or recording rule names).
 */
final class PromQl {
  private static final Pattern STRING = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|`[^`]*`");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*\\}|\\$\\w+");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern GROUPING = Pattern.compile(
      "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?\\w+", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER = Pattern.compile(
      "(?<![\\w:])(0x[0-9a-fA-F]+|\\d+(\\.\\d*)?([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)(?![\\w:])");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without",
      "on", "ignoring", "group_left", "group_right", "offset", "inf", "nan", "atan2");

  private PromQl() {}

  /** The metric (or recording rule) names an expression reads. */
  static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll(" ");
    s = VARIABLE.matcher(s).replaceAll(" ");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGE.matcher(s).replaceAll(" ");
    s = GROUPING.matcher(s).replaceAll(" ");
    s = OFFSET.matcher(s).replaceAll(" ");
    s = NUMBER.matcher(s).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String id = m.group();
      if (KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT)) || followedByParenthesis(s, m.end())) {
        continue; // a keyword, or a function or aggregation
      }
      names.add(id);
    }
    return names;
  }

  private static boolean followedByParenthesis(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '(';
      }
    }
    return false;
  }
}
