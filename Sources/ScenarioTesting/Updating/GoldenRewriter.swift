package import Expressions
package import ScenarioModel

/// A recorded expectation to rewrite: the node where the test file wrote it, and the value the run
/// gave instead.
package struct GoldenUpdate: Sendable, Hashable {
  package var location: SourceLocation
  package var value: Value

  package init(location: SourceLocation, value: Value) {
    self.location = location
    self.value = value
  }
}

/// Rewrites expectations in a test file's text in place (`sonarflow test --update`): each updated
/// node's text, found from where it starts, is replaced by the new value as one line of JSON (which
/// YAML reads unchanged). Everything else — comments, key order, blank lines, quoting — stays byte
/// for byte, which re-emitting the parsed YAML would lose.
///
/// A node ends where YAML says it does: a flow collection at its closing bracket, a quoted scalar
/// at its closing quote, a plain scalar before a comment or line end (or a `,`, `]`, `}` inside a
/// flow collection), a block collection before the first line indented less than it.
package enum GoldenRewriter {
  /// `text` with every update applied (updates at the same place once, the last given winning).
  package static func rewrite(_ text: String, updates: [GoldenUpdate]) -> String {
    var scalars = Array(text.unicodeScalars)
    let starts = lineStarts(of: scalars)
    var byOffset: [Int: Value] = [:]
    for update in updates {
      guard update.location.line >= 1, update.location.line <= starts.count else { continue }
      let offset = starts[update.location.line - 1] + update.location.column - 1
      if offset < scalars.count { byOffset[offset] = update.value }
    }
    // From the end, so that an edit never moves an offset not yet used.
    for (start, value) in byOffset.sorted(by: { $0.key > $1.key }) {
      let end = Self.end(ofNodeAt: start, in: scalars)
      // A block sequence may sit at its key's own indentation, which a flow value may not.
      let indent = isBlockSequence(at: start, in: scalars) ? "  " : ""
      scalars.replaceSubrange(start..<end, with: (indent + value.jsonText()).unicodeScalars)
    }
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars)
    return String(result)
  }

  static func lineStarts(of scalars: [Unicode.Scalar]) -> [Int] {
    var starts = [0]
    for (index, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(index + 1) }
    return starts
  }

  /// The offset just past the node that starts at `start`.
  static func end(ofNodeAt start: Int, in text: [Unicode.Scalar]) -> Int {
    if isBlockSequence(at: start, in: text) {
      return endOfBlock(from: start, in: text, indent: column(of: start, in: text), sequence: true)
    }
    switch text[start] {
    case "{", "[": return endOfFlowCollection(from: start, in: text)
    case "\"", "'": return endOfQuoted(from: start, in: text)
    case "|", ">": return endOfBlock(from: start, in: text, indent: indent(ofLineAt: start, in: text) + 1)
    default:
      if isBlockMappingKey(at: start, in: text) {
        return endOfBlock(from: start, in: text, indent: column(of: start, in: text))
      }
      return endOfPlain(from: start, in: text, inFlow: flowDepth(before: start, in: text) > 0)
    }
  }

  private static func isBlockSequence(at start: Int, in text: [Unicode.Scalar]) -> Bool {
    text[start] == "-" && (start + 1 == text.count || text[start + 1] == " " || text[start + 1] == "\n")
  }

  /// `{…}` or `[…]`, nested collections and quoted text inside skipped.
  private static func endOfFlowCollection(from start: Int, in text: [Unicode.Scalar]) -> Int {
    var depth = 0
    var index = start
    while index < text.count {
      switch text[index] {
      case "{", "[": depth += 1
      case "}", "]":
        depth -= 1
        if depth == 0 { return index + 1 }
      case "\"", "'":
        index = endOfQuoted(from: index, in: text) - 1
      case "#" where index > 0 && (text[index - 1] == " " || text[index - 1] == "\n"):
        while index < text.count, text[index] != "\n" { index += 1 }
        continue
      default: break
      }
      index += 1
    }
    return text.count
  }

  /// `"…"` (backslash escapes) or `'…'` (a doubled quote is a quote).
  private static func endOfQuoted(from start: Int, in text: [Unicode.Scalar]) -> Int {
    let quote = text[start]
    var index = start + 1
    while index < text.count {
      if quote == "\"", text[index] == "\\" {
        index += 2
        continue
      }
      if text[index] == quote {
        if quote == "'", index + 1 < text.count, text[index + 1] == "'" {
          index += 2
          continue
        }
        return index + 1
      }
      index += 1
    }
    return text.count
  }

  /// A plain scalar on one line: up to a comment, the line's end, or (in a flow collection) the
  /// next `,`, `]` or `}`; trailing spaces are not part of it.
  private static func endOfPlain(from start: Int, in text: [Unicode.Scalar], inFlow: Bool) -> Int {
    var index = start
    while index < text.count, text[index] != "\n" {
      let scalar = text[index]
      if scalar == "#", index > start, text[index - 1] == " " || text[index - 1] == "\t" { break }
      if inFlow, scalar == "," || scalar == "]" || scalar == "}" { break }
      index += 1
    }
    while index > start, text[index - 1] == " " || text[index - 1] == "\t" { index -= 1 }
    return index
  }

  /// A block node whose lines are indented at least `indent` (0-based columns), where a block
  /// sequence's lines at its own indentation must be `- ` items (it may sit at its key's
  /// indentation). Trailing blank and comment lines belong to what follows.
  private static func endOfBlock(
    from start: Int, in text: [Unicode.Scalar], indent: Int, sequence: Bool = false
  ) -> Int {
    var end = endOfLine(from: start, in: text)
    var index = end + 1
    while index < text.count {
      let lineEnd = endOfLine(from: index, in: text)
      var first = index
      while first < lineEnd, text[first] == " " { first += 1 }
      let isBlank = first == lineEnd || text[first] == "#"
      if !isBlank {
        let column = first - index
        let isItem = text[first] == "-" && (first + 1 == lineEnd || text[first + 1] == " ")
        guard column > indent || (column == indent && (isItem || !sequence)) else { break }
        end = lineEnd
      }
      index = lineEnd + 1
    }
    // A comment after the last value on its line stays.
    return endOfPlainLine(from: lineStart(of: end, in: text), to: end, in: text)
  }

  /// The end of a block node's last line without a trailing comment or spaces.
  private static func endOfPlainLine(from start: Int, to end: Int, in text: [Unicode.Scalar]) -> Int {
    var index = start
    var quote: Unicode.Scalar?
    while index < end {
      let scalar = text[index]
      if let open = quote {
        if scalar == open { quote = nil }
      } else if scalar == "\"" || scalar == "'" {
        quote = scalar
      } else if scalar == "#", index > start, text[index - 1] == " " {
        break
      }
      index += 1
    }
    while index > start, text[index - 1] == " " { index -= 1 }
    return index
  }

  private static func endOfLine(from index: Int, in text: [Unicode.Scalar]) -> Int {
    var end = index
    while end < text.count, text[end] != "\n" { end += 1 }
    return end
  }

  private static func lineStart(of index: Int, in text: [Unicode.Scalar]) -> Int {
    var start = index
    while start > 0, text[start - 1] != "\n" { start -= 1 }
    return start
  }

  /// The 0-based column of `index` on its line.
  private static func column(of index: Int, in text: [Unicode.Scalar]) -> Int {
    index - lineStart(of: index, in: text)
  }

  private static func indent(ofLineAt index: Int, in text: [Unicode.Scalar]) -> Int {
    var first = lineStart(of: index, in: text)
    let start = first
    while first < text.count, text[first] == " " { first += 1 }
    return first - start
  }

  /// Whether a block mapping starts here: a key (plain or quoted) followed by `: ` on this line,
  /// outside any flow collection.
  private static func isBlockMappingKey(at start: Int, in text: [Unicode.Scalar]) -> Bool {
    guard flowDepth(before: start, in: text) == 0 else { return false }
    var index = start
    let end = endOfLine(from: start, in: text)
    if text[index] == "\"" || text[index] == "'" { index = endOfQuoted(from: index, in: text) }
    while index < end {
      if text[index] == ":", index + 1 == end || text[index + 1] == " " { return true }
      if text[index] == "#", index > start, text[index - 1] == " " { return false }
      index += 1
    }
    return false
  }

  /// How many flow collections are open at `offset` (quoted text and comments skipped).
  private static func flowDepth(before offset: Int, in text: [Unicode.Scalar]) -> Int {
    var depth = 0
    var index = 0
    while index < offset {
      switch text[index] {
      case "{", "[": depth += 1
      case "}", "]": depth = max(0, depth - 1)
      case "\"",
        "'" where depth > 0 || (index > 0 && (text[index - 1] == " " || text[index - 1] == ":")):
        index = endOfQuoted(from: index, in: text) - 1
      case "#" where index == 0 || text[index - 1] == " " || text[index - 1] == "\n":
        index = endOfLine(from: index, in: text) - 1
      case "\n" where depth == 0:
        break
      default: break
      }
      index += 1
    }
    return depth
  }
}
