import Basics
package import ScenarioModel

/// Renders diagnostics the way swiftc does: `file:line:column: error: message`, the source line with
/// a caret under the offending token, then the hint and any notes. Text from the file (the line,
/// names quoted in messages) is escaped for the terminal (``TextEscaping``); the caret stays under
/// the token as escaped.
package struct HumanRenderer: Sendable {
  /// ANSI colours, only when writing to a terminal.
  package var useColor: Bool

  package init(useColor: Bool) {
    self.useColor = useColor
  }

  /// `source` is the text the offending line is taken from: drawn only when it is the file the
  /// diagnostic's position is in (a data structure file's problem found while checking a scenario
  /// is not drawn from the scenario's lines).
  package func render(_ diagnostic: Diagnostic, source: SourceFile?) -> String {
    var out = ""
    let label = diagnostic.severity.rawValue
    let colored = paint(
      label + ":", code: diagnostic.severity == .error ? "1;31" : diagnostic.severity == .warning ? "1;35" : "1;30")
    if let location = diagnostic.location {
      out += paint("\(Self.escape("\(location)")):", code: "1") + " "
    }
    out += "\(colored) \(paint(Self.escape(diagnostic.message), code: "1"))\n"
    if let location = diagnostic.location, let source, source.path == location.file, location.line >= 1,
      location.line <= source.lines.count
    {
      let line = source.lines[location.line - 1]
      // Each scalar as shown: a tab stays a tab (so the caret lines up), a control character
      // becomes its escape.
      let shown = line.map { $0 == "\t" ? "\t" : Self.escape(String($0)) }
      let gutter = String(location.line)
      let pad = String(repeating: " ", count: gutter.count)
      out += "\(gutter) | \(shown.joined())\n"
      let start = min(max(0, location.column - 1), shown.count)
      let width = Self.tokenWidth(in: line, at: location.column)
      let shownWidth = shown[start..<min(shown.count, start + width)].reduce(0) { $0 + $1.count }
      let indent = shown[..<start].map { $0 == "\t" ? "\t" : String(repeating: " ", count: $0.count) }.joined()
      out +=
        "\(pad) | \(indent)\(paint("^" + String(repeating: "~", count: max(0, max(1, shownWidth) - 1)), code: "1;32"))\n"
    }
    if let hint = diagnostic.fixHint {
      out += "  " + paint("help:", code: "1;36") + " \(Self.escape(hint))\n"
    }
    for note in diagnostic.notes {
      let place = note.location.map { "\(Self.escape("\($0)")): " } ?? ""
      out += "\(place)\(paint("note:", code: "1;30")) \(Self.escape(note.message))\n"
    }
    return out
  }

  /// A one-line tally such as `2 errors and 1 warning in 3 files`.
  package func summary(errors: Int, warnings: Int, files: Int) -> String {
    func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    if errors == 0 && warnings == 0 { return "\(count(files, "file")) valid" }
    return "\(count(errors, "error")) and \(count(warnings, "warning")) in \(count(files, "file"))"
  }

  /// Backslashes are kept: messages quote the file's text, which may hold them.
  private static func escape(_ text: String) -> String {
    TextEscaping.escape(text, backslashes: .kept)
  }

  private func paint(_ text: String, code: String) -> String {
    useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// How many columns the token starting at `column` spans: a quoted string up to its closing quote,
  /// or a run of characters up to white space, ':' or ','.
  static func tokenWidth(in line: [Unicode.Scalar], at column: Int) -> Int {
    let start = column - 1
    guard start >= 0, start < line.count else { return 1 }
    let first = line[start]
    if first == "\"" || first == "'" {
      var index = start + 1
      while index < line.count {
        if line[index] == "\\" && first == "\"" { index += 2; continue }
        if line[index] == first { return index - start + 1 }
        index += 1
      }
      return line.count - start
    }
    var index = start
    while index < line.count,
      !" \t:,]}".unicodeScalars.contains(line[index])
        || (line[index] == ":" && index + 1 < line.count && line[index + 1] != " ")
    {
      index += 1
    }
    return max(1, index - start)
  }
}
