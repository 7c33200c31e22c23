/// The commonest YAML mistakes in scenario files, told in their own words instead of the
/// parser's: a tab in indentation, a `{{…}}` template left unquoted (YAML reads `{` as the start
/// of a mapping), and a double quote inside a double-quoted string that ends it early.
enum YAMLMistakes {
  /// `diagnostic` said in the mistake's own words, when the text at its position shows one.
  static func explain(_ diagnostic: Diagnostic, in source: SourceFile) -> Diagnostic {
    guard let location = diagnostic.location, let line = source.line(location.line) else { return diagnostic }
    let scalars = Array(line.unicodeScalars)
    let column = location.column - 1  // 0-based
    var explained = diagnostic
    let indentation = scalars.prefix { $0 == " " || $0 == "\t" }
    if indentation.contains("\t"), column <= indentation.count {
      let tab = (indentation.firstIndex(of: "\t") ?? 0) + 1
      explained.id = "yaml.tab"
      explained.location = SourceLocation(file: location.file, line: location.line, column: tab)
      explained.message = "a tab in the indentation: YAML indents with spaces only"
      explained.fixHint = "Replace the tab with spaces (two per level), and set your editor to insert spaces in YAML."
      explained.notes = []
      return explained
    }
    // `value: {{1.a}}`: the position is on the `{{` (YAML reports its first or second brace).
    if let start = [column - 1, column].first(where: {
      $0 >= 0 && $0 + 1 < scalars.count && scalars[$0] == "{" && scalars[$0 + 1] == "{"
    }) {
      let rest = String(String.UnicodeScalarView(scalars[start...]))
      let template = rest.range(of: "}}").map { String(rest[..<$0.upperBound]) } ?? "{{…}}"
      explained.id = "yaml.unquotedTemplate"
      explained.location = SourceLocation(file: location.file, line: location.line, column: start + 1)
      explained.message = "a {{…}} template must be quoted: unquoted, YAML reads '{' as the start of a mapping"
      explained.fixHint = "Put the value in double quotes: \"\(template)\"."
      explained.notes = []
      return explained
    }
    // `value: "say "hi" now"`: the position is just after a quote that closed the string early.
    if column > 0, column <= scalars.count, scalars[column - 1] == "\"",
      column == scalars.count || !" ,}]:#".unicodeScalars.contains(scalars[column]),
      scalars[..<(column - 1)].contains("\"")
    {
      explained.id = "yaml.unescapedQuote"
      explained.location = SourceLocation(file: location.file, line: location.line, column: column)
      explained.message = "this double quote ends the double-quoted string early, so the text after it cannot be read"
      explained.fixHint =
        "Write a quote inside a double-quoted string as \\\", or put the whole string in single quotes ('say \"hi\" now')."
      explained.notes = []
      return explained
    }
    return diagnostic
  }
}
