/// Splits a template into literal text and the tokens of each `{{ … }}`.
///
/// Like Make, operators must stand apart from their operands (`1.a + 1`): a run of characters
/// without spaces, such as `2016-12-28`, `Europe/Prague` or `a,b`, is one word and reads as text.
/// The lexer never fails; problems become diagnostics and lexing goes on.
package struct Lexer {
  package struct Segment: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
      case text(String)
      /// `tokens` of one `{{ … }}`; `offset`/`length` cover the braces too.
      case expression(tokens: [Token], innerOffset: Int, innerEnd: Int)
    }
    package var kind: Kind
    package var offset: Int
    package var length: Int
  }

  private let scalars: [Unicode.Scalar]
  private var index = 0
  package private(set) var diagnostics: [TemplateDiagnostic] = []

  package init(_ source: String) {
    scalars = Array(source.unicodeScalars)
  }

  package init(scalars: [Unicode.Scalar]) {
    self.scalars = scalars
  }

  /// The template as alternating text and expression segments.
  package mutating func segments() -> [Segment] {
    var result: [Segment] = []
    var textStart = 0
    var text = String.UnicodeScalarView()
    index = 0
    while index < scalars.count {
      if scalars[index] == "{", peek(1) == "{" {
        if !text.isEmpty {
          result.append(Segment(kind: .text(String(text)), offset: textStart, length: index - textStart))
          text = String.UnicodeScalarView()
        }
        let open = index
        index += 2
        let (tokens, innerEnd, closed) = lexExpression(openOffset: open)
        let end = closed ? innerEnd + 2 : innerEnd
        result.append(
          Segment(
            kind: .expression(tokens: tokens, innerOffset: open + 2, innerEnd: innerEnd), offset: open,
            length: end - open))
        index = end
        textStart = index
      } else {
        text.append(scalars[index])
        index += 1
      }
    }
    if !text.isEmpty {
      result.append(Segment(kind: .text(String(text)), offset: textStart, length: scalars.count - textStart))
    }
    return result
  }

  private func peek(_ ahead: Int) -> Unicode.Scalar? {
    let position = index + ahead
    return position < scalars.count ? scalars[position] : nil
  }

  private func isClosingBraces(at position: Int) -> Bool {
    position + 1 < scalars.count && scalars[position] == "}" && scalars[position + 1] == "}"
  }

  private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace
  }

  private static func isDelimiter(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "(" || scalar == ")" || scalar == ";" || scalar == "\"" || isSpace(scalar)
  }

  /// Tokens up to the matching `}}`; returns where the inside ends and whether `}}` was found.
  private mutating func lexExpression(openOffset: Int) -> ([Token], Int, Bool) {
    var tokens: [Token] = []
    while index < scalars.count {
      let scalar = scalars[index]
      if Self.isSpace(scalar) {
        index += 1
        continue
      }
      if isClosingBraces(at: index) { return (tokens, index, true) }
      let start = index
      switch scalar {
      case "(":
        index += 1
        tokens.append(Token(kind: .leftParenthesis, offset: start, length: 1))
      case ")":
        index += 1
        tokens.append(Token(kind: .rightParenthesis, offset: start, length: 1))
      case ";":
        index += 1
        tokens.append(Token(kind: .semicolon, offset: start, length: 1))
      case "\"":
        tokens.append(lexString())
      case "/" where atArgumentStart(tokens):
        if let regex = lexRegex() {
          tokens.append(regex)
        } else {
          tokens.append(contentsOf: lexWord())
        }
      default:
        let afterParenthesis = tokens.last.map { $0.kind == .rightParenthesis && $0.end == start } ?? false
        tokens.append(contentsOf: lexWord(afterParenthesis: afterParenthesis))
      }
    }
    diagnostics.append(
      .syntax(
        "expected '}}' to end the expression opened by '{{'", offset: openOffset, length: 2,
        fixHint: "Close the expression with '}}'."))
    return (tokens, scalars.count, false)
  }

  private func atArgumentStart(_ tokens: [Token]) -> Bool {
    guard let last = tokens.last else { return true }
    switch last.kind {
    case .leftParenthesis, .semicolon: return true
    default: return false
    }
  }

  private mutating func lexString() -> Token {
    let start = index
    index += 1
    var value = String.UnicodeScalarView()
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\"" {
        index += 1
        return Token(kind: .string(String(value)), offset: start, length: index - start)
      }
      if scalar == "\\", index + 1 < scalars.count {
        value.append(scalars[index + 1])
        index += 2
        continue
      }
      if isClosingBraces(at: index), !scalars[(index + 2)...].contains("\"") {
        break  // the string was never closed; let `}}` end the expression
      }
      value.append(scalar)
      index += 1
    }
    diagnostics.append(
      .syntax("unterminated string literal", offset: start, length: index - start, fixHint: "Add the closing '\"'."))
    return Token(kind: .string(String(value)), offset: start, length: index - start)
  }

  /// `/pattern/flags` followed by the end of the argument.
  private mutating func lexRegex() -> Token? {
    let start = index
    var position = index + 1
    var inClass = false
    var pattern = String.UnicodeScalarView()
    while position < scalars.count {
      let scalar = scalars[position]
      if scalar == "\\", position + 1 < scalars.count {
        pattern.append(scalar)
        pattern.append(scalars[position + 1])
        position += 2
        continue
      }
      if scalar == "[" { inClass = true } else if scalar == "]" { inClass = false }
      if scalar == "/" && !inClass { break }
      if isClosingBraces(at: position) { return nil }
      pattern.append(scalar)
      position += 1
    }
    guard position < scalars.count, !pattern.isEmpty else { return nil }
    position += 1
    var flags = String.UnicodeScalarView()
    while position < scalars.count, scalars[position].properties.isAlphabetic {
      flags.append(scalars[position])
      position += 1
    }
    let end = position
    while position < scalars.count, Self.isSpace(scalars[position]) { position += 1 }
    guard
      position >= scalars.count || scalars[position] == ";" || scalars[position] == ")" || isClosingBraces(at: position)
    else { return nil }
    index = end
    return Token(kind: .regex(pattern: String(pattern), flags: String(flags)), offset: start, length: end - start)
  }

  /// A run of non-delimiter characters (backtick-quoted parts may hold anything), classified.
  private mutating func lexWord(afterParenthesis: Bool = false) -> [Token] {
    let start = index
    while index < scalars.count, !Self.isDelimiter(scalars[index]), !isClosingBraces(at: index) {
      // Backticks quote a key (`1.`first name``) or a whole bundle (`` `1` ``), nothing else.
      if scalars[index] == "`", index == start || scalars[index - 1] == "." {
        let quoteStart = index
        index += 1
        while index < scalars.count, scalars[index] != "`", !isClosingBraces(at: index) { index += 1 }
        if index < scalars.count, scalars[index] == "`" {
          index += 1
        } else {
          diagnostics.append(
            .syntax(
              "unterminated '`' in key", offset: quoteStart, length: index - quoteStart, fixHint: "Add the closing '`'."
            ))
        }
      } else {
        index += 1
      }
    }
    let word = Array(scalars[start..<index])
    // `length(1.items)*2`: right after a call or group, an operator needs no space.
    if afterParenthesis, let split = Self.splitLeadingOperator(word, offset: start) { return split }
    return Self.classify(word, offset: start)
  }

  private static let symbolOperators = ["!=", "<=", ">=", "+", "-", "*", "/", "%", "=", "<", ">", "&", "|"]

  /// `*2` → `*`, `2`; nil when the word does not start with an operator symbol.
  static func splitLeadingOperator(_ word: [Unicode.Scalar], offset: Int) -> [Token]? {
    for spelling in symbolOperators {
      let symbol = Array(spelling.unicodeScalars)
      guard word.starts(with: symbol), let op = Operator.spellings[spelling] else { continue }
      var tokens = [Token(kind: .operator(op), offset: offset, length: symbol.count)]
      if word.count > symbol.count {
        tokens += classify(Array(word[symbol.count...]), offset: offset + symbol.count)
      }
      return tokens
    }
    return nil
  }

  /// Operator, number, reference (possibly followed by more text), or plain word.
  static func classify(_ word: [Unicode.Scalar], offset: Int) -> [Token] {
    let text = String(String.UnicodeScalarView(word))
    if let op = Operator.spellings[text] {
      return [Token(kind: .operator(op), offset: offset, length: word.count)]
    }
    if let number = numberLiteral(word) {
      return [Token(kind: .number(number), offset: offset, length: word.count)]
    }
    if let (reference, consumed) = ReferenceScanner.scan(word), consumed > 0 {
      var tokens = [Token(kind: .reference(reference), offset: offset, length: consumed)]
      if consumed < word.count {
        let rest = Array(word[consumed...])
        // `1.a*2` and `1.a-1.b`: an operator right after a reference.
        if let split = splitLeadingOperator(rest, offset: offset + consumed), split.count > 1 {
          return tokens + split
        }
        tokens.append(
          Token(kind: .word(String(String.UnicodeScalarView(rest))), offset: offset + consumed, length: rest.count))
      }
      return tokens
    }
    return [Token(kind: .word(text), offset: offset, length: word.count)]
  }

  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` — so `007`, `+4`, `1.` and `1e3` stay text, as typed.
  static func numberLiteral(_ word: [Unicode.Scalar]) -> Double? {
    var position = 0
    if position < word.count, word[position] == "-" { position += 1 }
    let integerStart = position
    while position < word.count, ("0"..."9").contains(word[position]) { position += 1 }
    let integerDigits = position - integerStart
    guard integerDigits > 0, integerDigits == 1 || word[integerStart] != "0" else { return nil }
    if position < word.count, word[position] == "." {
      position += 1
      let fractionStart = position
      while position < word.count, ("0"..."9").contains(word[position]) { position += 1 }
      guard position > fractionStart else { return nil }
    }
    guard position == word.count else { return nil }
    return Double(String(String.UnicodeScalarView(word)))
  }
}
