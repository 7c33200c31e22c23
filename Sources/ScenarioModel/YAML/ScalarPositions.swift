/// Where each character of a YAML string's value was written in the file, so that a problem found
/// at offset 14 inside `"Hi {{uper(2.name)}}"` is reported at its exact line and column, whether the
/// string was plain, quoted, or a block scalar.
extension SourceFile {
  /// The location of every Unicode scalar of `scalar.value`, plus one past the end.
  ///
  /// The value is aligned with the raw text from the scalar's start: characters that match map to
  /// their position; escapes (`\"`, `\n`, `\u00e9`) and doubled quotes map to where they start;
  /// folded line breaks map to the start of the next line's content.
  package func locations(of scalar: YAMLScalar) -> [SourceLocation] {
    let cooked = Array(scalar.value.unicodeScalars)
    var line = scalar.location.line
    var column = scalar.location.column
    var result: [SourceLocation] = []
    result.reserveCapacity(cooked.count + 1)

    func rawScalar() -> Unicode.Scalar? { self.scalar(line: line, column: column) }
    func atEndOfLine() -> Bool { line <= lines.count && column > lines[line - 1].count }
    func nextLine() {
      line += 1
      column = 1
      while let s = rawScalar(), s == " " || s == "\t" { column += 1 }
    }
    func here() -> SourceLocation { SourceLocation(file: path, line: line, column: column) }

    switch scalar.style {
    case .singleQuoted, .doubleQuoted:
      column += 1
    case .literal, .folded:
      nextLine()
    case .plain:
      break
    }

    var index = 0
    var guardSteps = 0
    let stepLimit = (cooked.count + 16) * 64
    while index < cooked.count {
      guardSteps += 1
      if guardSteps > stepLimit || line > lines.count {
        // The raw text ran out (should not happen for a value Yams produced); keep positions sane.
        let last = result.last ?? scalar.location
        result.append(contentsOf: repeatElement(last, count: cooked.count - index))
        index = cooked.count
        break
      }
      let character = cooked[index]
      if atEndOfLine() {
        if character == "\n" || character == " " {
          // A folded or kept line break: it stands where the next line's content starts.
          nextLine()
          result.append(here())
          index += 1
        } else {
          nextLine()
        }
        continue
      }
      guard let raw = rawScalar() else { nextLine(); continue }
      if scalar.style == .doubleQuoted && raw == "\\" {
        result.append(here())
        index += 1
        column += escapeLength(line: line, column: column)
        continue
      }
      if raw == character {
        result.append(here())
        index += 1
        column += 1
        if scalar.style == .singleQuoted && character == "'" && rawScalar() == "'" { column += 1 }
        continue
      }
      column += 1
    }
    result.append(here())
    return result
  }

  /// The length of a double-quoted escape sequence starting at the backslash.
  private func escapeLength(line: Int, column: Int) -> Int {
    switch self.scalar(line: line, column: column + 1) {
    case "x": return 4
    case "u": return 6
    case "U": return 10
    default: return 2
    }
  }
}
