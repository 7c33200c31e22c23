/// Parses templates. Never fails: every problem becomes a diagnostic and the parser goes on, so
/// one pass reports everything.
///
/// Inside `{{ … }}` and inside each function argument, the text is first read as an expression
/// (`1.a + 1`, `upper(1.name)`, `"there"`). When that fails and the text holds a plain word, or
/// operands follow each other without an operator, the argument is literal text with embedded
/// references and calls, the way Make reads `split(a, b; ,)` or `Dear 1.name`.
package struct Parser {
  /// Deeper nesting (parentheses, calls, operator chains) is reported, not evaluated.
  package static let maximumDepth = 100

  private let scalars: [Unicode.Scalar]
  private var tokens: [Token] = []
  private var diagnostics: [TemplateDiagnostic] = []

  private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

  /// The syntax tree and every syntax diagnostic of `source`.
  package static func parse(_ source: String) -> (syntax: TemplateSyntax, diagnostics: [TemplateDiagnostic]) {
    let scalars = Array(source.unicodeScalars)
    var lexer = Lexer(scalars: scalars)
    let segments = lexer.segments()
    var parser = Parser(scalars: scalars)
    parser.diagnostics = lexer.diagnostics
    var parts: [TemplateSyntax.Part] = []
    for segment in segments {
      switch segment.kind {
      case .text(let text): parts.append(.text(text))
      case .expression(let tokens, let innerOffset, let innerEnd):
        parser.tokens = tokens
        if tokens.isEmpty {
          parser.diagnostics.append(.empty(offset: segment.offset, length: segment.length))
          parts.append(.expression(.literal(.null, isBareWord: false, SourceSpan(from: innerOffset, to: innerEnd))))
          continue
        }
        let expression = parser.parseSegment(
          0, tokens.count, depth: 0, emptySpan: SourceSpan(from: innerOffset, to: innerEnd), isTopLevel: true)
        parts.append(.expression(expression))
      }
    }
    parser.diagnostics.sort { ($0.offset, $0.length) < ($1.offset, $1.length) }
    return (TemplateSyntax(parts: parts), parser.diagnostics)
  }

  // MARK: Segments (a whole `{{ … }}` or one argument)

  private struct Failure: Error {
    var message: String
    var span: SourceSpan
    var fixHint: String?
    /// Operands side by side (`1.a 1.b`): the argument reads as text.
    var isJuxtaposition = false
  }

  private mutating func parseSegment(
    _ lo: Int, _ hi: Int, depth: Int, emptySpan: SourceSpan, isTopLevel: Bool = false
  ) -> ExpressionSyntax {
    guard lo < hi else { return .literal(.null, isBareWord: false, emptySpan) }
    let span = SourceSpan(from: tokens[lo].offset, to: tokens[hi - 1].end)
    guard depth <= Self.maximumDepth else {
      diagnostics.append(.tooDeep(limit: Self.maximumDepth, offset: span.offset, length: span.length))
      return .invalid(span)
    }
    if hi - lo == 1, case .operator = tokens[lo].kind {
      // A lone `-`, `/` or `*` argument is text (`split(a-b; -)`).
      return .literal(
        .text(String(String.UnicodeScalarView(scalars[tokens[lo].offset..<tokens[lo].end]))), isBareWord: false, span)
    }
    let mark = diagnostics.count
    var position = lo
    var failure: Failure?
    switch parseExpression(&position, hi, minimumPrecedence: 0, depth: depth) {
    case .success(let expression):
      if position == hi {
        if !Self.usesBareWordAsOperand(expression) { return expression }
        failure = Failure(message: "", span: span, isJuxtaposition: true)
      } else {
        let next = tokens[position]
        let startsOperand: Bool
        switch next.kind {
        case .rightParenthesis, .semicolon, .operator: startsOperand = false
        default: startsOperand = true
        }
        failure = Failure(
          message: "unexpected \(describe(next)) after the expression",
          span: SourceSpan(offset: next.offset, length: next.length),
          fixHint: next.kind == .semicolon
            ? "Arguments separated by ';' belong inside a function call." : nil,
          isJuxtaposition: startsOperand)
      }
    case .failure(let error):
      failure = error
    }
    guard let failure else { return .invalid(span) }
    if failure.isJuxtaposition || hasBareWord(lo, hi) {
      diagnostics.removeSubrange(mark...)
      return parseTextRun(lo, hi, depth: depth)
    }
    diagnostics.append(
      .syntax(failure.message, offset: failure.span.offset, length: failure.span.length, fixHint: failure.fixHint))
    return .invalid(span)
  }

  private func hasBareWord(_ lo: Int, _ hi: Int) -> Bool {
    for index in lo..<hi {
      guard case .word(let word) = tokens[index].kind else { continue }
      if Keyword(rawValue: word) != nil { continue }
      if isCall(at: index, hi) { continue }
      return true
    }
    return false
  }

  private func isCall(at index: Int, _ hi: Int) -> Bool {
    guard case .word(let name) = tokens[index].kind, index + 1 < hi, Self.isFunctionName(name) else { return false }
    return tokens[index + 1].kind == .leftParenthesis && tokens[index + 1].offset == tokens[index].end
  }

  /// `Europe / Prague`, `a - b`, `a & b`: plain words as operands of arithmetic or logic mean
  /// the argument is text. (Comparisons such as `1.status = active` keep the word as text.)
  /// Letters, digits and `_`, starting with a letter: `upper`, `sha256`. `[l](u)` is text.
  private static func isFunctionName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { return false }
    return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
  }

  private static func usesBareWordAsOperand(_ expression: ExpressionSyntax) -> Bool {
    switch expression {
    case .binary(let op, let left, let right, _):
      if op.isArithmetic || op == .and || op == .or {
        if case .literal(_, true, _) = left { return true }
        if case .literal(_, true, _) = right { return true }
      }
      return usesBareWordAsOperand(left) || usesBareWordAsOperand(right)
    case .unary(_, let operand, _):
      if case .literal(_, true, _) = operand { return true }
      return usesBareWordAsOperand(operand)
    default:
      return false
    }
  }

  /// Literal text with embedded references and calls, spacing kept as written.
  private mutating func parseTextRun(_ lo: Int, _ hi: Int, depth: Int) -> ExpressionSyntax {
    let span = SourceSpan(from: tokens[lo].offset, to: tokens[hi - 1].end)
    var parts: [TextRunPart] = []
    var pendingText = String.UnicodeScalarView()
    var index = lo
    var cursor = tokens[lo].offset
    func flush() {
      if !pendingText.isEmpty {
        parts.append(.text(String(pendingText)))
        pendingText = String.UnicodeScalarView()
      }
    }
    while index < hi {
      let token = tokens[index]
      if token.offset > cursor { pendingText.append(contentsOf: scalars[cursor..<token.offset]) }
      if isCall(at: index, hi) {
        let (call, next) = parseCall(index, hi, depth: depth + 1)
        flush()
        parts.append(.expression(call))
        cursor = tokens[next - 1].end
        index = next
      } else if case .reference(let reference) = token.kind {
        flush()
        parts.append(.expression(.reference(reference, SourceSpan(offset: token.offset, length: token.length))))
        cursor = token.end
        index += 1
      } else {
        pendingText.append(contentsOf: scalars[token.offset..<token.end])
        cursor = token.end
        index += 1
      }
    }
    flush()
    if parts.isEmpty { return .literal(.text(""), isBareWord: false, span) }
    if parts.count == 1, case .text(let text) = parts[0] { return .literal(.text(text), isBareWord: false, span) }
    return .textRun(parts, span)
  }

  // MARK: Expressions

  private mutating func parseExpression(
    _ position: inout Int, _ hi: Int, minimumPrecedence: Int, depth: Int
  ) -> Result<ExpressionSyntax, Failure> {
    guard depth <= Self.maximumDepth else { return .failure(tooDeep(position, hi)) }
    var left: ExpressionSyntax
    switch parseOperand(&position, hi, depth: depth) {
    case .success(let operand): left = operand
    case .failure(let failure): return .failure(failure)
    }
    var chain = 0
    while position < hi, case .operator(let op) = tokens[position].kind, op.precedence > minimumPrecedence {
      let operatorToken = tokens[position]
      position += 1
      chain += 1
      guard depth + chain <= Self.maximumDepth else { return .failure(tooDeep(position, hi)) }
      guard position < hi else {
        return .failure(
          Failure(
            message: "expected an expression after '\(op.rawValue)'",
            span: SourceSpan(offset: operatorToken.offset, length: operatorToken.length)))
      }
      switch parseExpression(&position, hi, minimumPrecedence: op.precedence, depth: depth + chain) {
      case .success(let right):
        left = .binary(op, left, right, left.span.union(right.span))
      case .failure(let failure): return .failure(failure)
      }
    }
    return .success(left)
  }

  private func tooDeep(_ position: Int, _ hi: Int) -> Failure {
    let start = position < tokens.count ? tokens[position].offset : (tokens.last?.end ?? 0)
    let end = hi > 0 && hi <= tokens.count ? tokens[hi - 1].end : start
    return Failure(
      message: "expression nests deeper than \(Self.maximumDepth) levels", span: SourceSpan(from: start, to: end),
      fixHint: "Split the expression into several fields.")
  }

  private mutating func parseOperand(_ position: inout Int, _ hi: Int, depth: Int) -> Result<ExpressionSyntax, Failure>
  {
    let token = tokens[position]
    let span = SourceSpan(offset: token.offset, length: token.length)
    switch token.kind {
    case .number(let number):
      position += 1
      return .success(.literal(.number(number), isBareWord: false, span))
    case .string(let text):
      position += 1
      return .success(.literal(.text(text), isBareWord: false, span))
    case .reference(let reference):
      position += 1
      return .success(.reference(reference, span))
    case .regex(let pattern, let flags):
      position += 1
      return .success(.regex(pattern: pattern, flags: flags, span))
    case .word(let word):
      if isCall(at: position, hi) {
        let (call, next) = parseCall(position, hi, depth: depth + 1)
        position = next
        return .success(call)
      }
      position += 1
      if let keyword = Keyword(rawValue: word) { return .success(.keyword(keyword, span)) }
      return .success(.literal(.text(word), isBareWord: true, span))
    case .operator(let op) where op == .minus || op == .plus:
      position += 1
      guard position < hi else {
        return .failure(Failure(message: "expected an expression after '\(op.rawValue)'", span: span))
      }
      switch parseExpression(&position, hi, minimumPrecedence: Operator.times.precedence, depth: depth + 1) {
      case .success(let operand): return .success(.unary(op, operand, span.union(operand.span)))
      case .failure(let failure): return .failure(failure)
      }
    case .operator(let op):
      return .failure(
        Failure(message: "expected an expression before '\(op.rawValue)'", span: span))
    case .leftParenthesis:
      guard let close = matchingParenthesis(position, hi) else {
        return .failure(
          Failure(message: "expected ')' to close '('", span: span, fixHint: "Add the missing ')'."))
      }
      guard close > position + 1 else {
        return .failure(
          Failure(
            message: "expected an expression inside '()'", span: SourceSpan(from: token.offset, to: tokens[close].end)))
      }
      var inner = position + 1
      let result = parseExpression(&inner, close, minimumPrecedence: 0, depth: depth + 1)
      switch result {
      case .success(let expression) where inner == close:
        position = close + 1
        return .success(expression)
      case .success:
        let next = tokens[inner]
        return .failure(
          Failure(
            message: "unexpected \(describe(next)) inside parentheses",
            span: SourceSpan(offset: next.offset, length: next.length),
            isJuxtaposition: next.kind != .semicolon && next.kind != .rightParenthesis))
      case .failure(let failure):
        return .failure(failure)
      }
    case .rightParenthesis:
      return .failure(Failure(message: "unexpected ')'", span: span, fixHint: "Remove the extra ')'."))
    case .semicolon:
      return .failure(
        Failure(
          message: "unexpected ';' outside a function call", span: span,
          fixHint: "Arguments separated by ';' belong inside a function call."))
    }
  }

  private func matchingParenthesis(_ open: Int, _ hi: Int) -> Int? {
    var level = 0
    var index = open
    while index < hi {
      switch tokens[index].kind {
      case .leftParenthesis: level += 1
      case .rightParenthesis:
        level -= 1
        if level == 0 { return index }
      default: break
      }
      index += 1
    }
    return nil
  }

  /// `name(arg; arg; …)` starting at the name; returns the call and the index after `)`.
  private mutating func parseCall(_ nameIndex: Int, _ hi: Int, depth: Int) -> (ExpressionSyntax, Int) {
    let nameToken = tokens[nameIndex]
    guard case .word(let name) = nameToken.kind else {
      return (.invalid(SourceSpan(offset: nameToken.offset, length: 0)), nameIndex + 1)
    }
    let nameSpan = SourceSpan(offset: nameToken.offset, length: nameToken.length)
    let open = nameIndex + 1
    let close = matchingParenthesis(open, hi)
    let argumentsEnd = close ?? hi
    if close == nil {
      let at = hi > 0 ? tokens[hi - 1].end : tokens[open].end
      diagnostics.append(
        .syntax(
          "expected ')' to end the arguments of '\(name)'", offset: at, length: 0,
          fixHint: "Add ')' after the last argument of '\(name)'."))
    }
    guard depth <= Self.maximumDepth else {
      diagnostics.append(.tooDeep(limit: Self.maximumDepth, offset: nameSpan.offset, length: nameSpan.length))
      let end = close.map { $0 + 1 } ?? hi
      return (.invalid(SourceSpan(from: nameToken.offset, to: tokens[end - 1].end)), end)
    }
    var arguments: [ExpressionSyntax] = []
    var start = open + 1
    var level = 0
    var index = open + 1
    var sawSeparator = false
    while index <= argumentsEnd {
      let atEnd = index == argumentsEnd
      if !atEnd {
        switch tokens[index].kind {
        case .leftParenthesis: level += 1
        case .rightParenthesis: level -= 1
        default: break
        }
      }
      if atEnd || (level == 0 && tokens[index].kind == .semicolon) {
        let gapStart = start > open + 1 || start == open + 1 ? tokens[start - 1].end : tokens[open].end
        let gapEnd = index < tokens.count ? tokens[index].offset : gapStart
        if !(atEnd && !sawSeparator && start == index) {
          arguments.append(
            parseSegment(start, index, depth: depth + 1, emptySpan: SourceSpan(from: gapStart, to: gapEnd)))
        }
        if !atEnd { sawSeparator = true }
        start = index + 1
      }
      index += 1
    }
    let next = close.map { $0 + 1 } ?? hi
    let end = next > 0 ? tokens[next - 1].end : nameToken.end
    return (
      .call(name: name, nameSpan: nameSpan, arguments: arguments, SourceSpan(from: nameToken.offset, to: end)), next
    )
  }

  private func describe(_ token: Token) -> String {
    let text = String(String.UnicodeScalarView(scalars[token.offset..<min(token.end, scalars.count)]))
    return "'\(text)'"
  }
}
