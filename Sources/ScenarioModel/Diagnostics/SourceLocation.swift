/// A place in a scenario file: the file path as given by the user, and a 1-based line and column.
///
/// Columns count Unicode scalars from the start of the line, like Yams' `Mark` and swiftc.
package struct SourceLocation: Sendable, Hashable, Codable, Comparable {
  package var file: String
  package var line: Int
  package var column: Int

  package init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// The same place shifted along its line, for positions inside a single-line YAML string.
  package func advanced(byColumns offset: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column + offset)
  }

  package static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}

extension SourceLocation: CustomStringConvertible {
  package var description: String { "\(file):\(line):\(column)" }
}
