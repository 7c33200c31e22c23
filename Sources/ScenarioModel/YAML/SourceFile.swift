/// The text of one scenario file, kept so that diagnostics can show the offending line and positions
/// inside strings can be computed.
package struct SourceFile: Sendable, Hashable {
  /// The path as the user gave it (relative paths stay relative, as swiftc prints them).
  package var path: String
  package var text: String
  /// The file's lines without their terminators, as Unicode scalar arrays (columns count scalars).
  package let lines: [[Unicode.Scalar]]

  package init(path: String, text: String) {
    self.path = path
    self.text = text
    var lines: [[Unicode.Scalar]] = []
    var current: [Unicode.Scalar] = []
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" {
        if !previousWasCR { lines.append(current) }
        current = []
        previousWasCR = false
      } else if scalar == "\r" {
        lines.append(current)
        current = []
        previousWasCR = true
      } else {
        current.append(scalar)
        previousWasCR = false
      }
    }
    lines.append(current)
    self.lines = lines
  }

  /// The text of a 1-based line, or nil past the end.
  package func line(_ number: Int) -> String? {
    guard number >= 1, number <= lines.count else { return nil }
    var string = ""
    string.unicodeScalars.append(contentsOf: lines[number - 1])
    return string
  }

  /// The scalar at a 1-based line and column, or nil past the end of the line.
  package func scalar(line: Int, column: Int) -> Unicode.Scalar? {
    guard line >= 1, line <= lines.count else { return nil }
    let row = lines[line - 1]
    guard column >= 1, column <= row.count else { return nil }
    return row[column - 1]
  }
}
