/// The parsed form of a template: literal text and expressions, every node with its place
/// (Unicode scalars, 0-based).
package struct TemplateSyntax: Sendable, Hashable {
  package enum Part: Sendable, Hashable {
    case text(String)
    case expression(ExpressionSyntax)
  }

  package var parts: [Part]
}

package struct SourceSpan: Sendable, Hashable {
  package var offset: Int
  package var length: Int
  package var end: Int { offset + length }

  package init(offset: Int, length: Int) {
    self.offset = offset
    self.length = length
  }

  package init(from start: Int, to end: Int) {
    offset = start
    length = max(0, end - start)
  }

  package func union(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(from: min(offset, other.offset), to: max(end, other.end))
  }
}

package indirect enum ExpressionSyntax: Sendable, Hashable {
  /// Numbers, quoted strings and bare words that are not keywords (`A`, `Monday`, `UTC`).
  case literal(Value, isBareWord: Bool, SourceSpan)
  /// A keyword: `true`, `null`, `emptyarray`, `now`, `uuid`, `executionId`, …
  case keyword(Keyword, SourceSpan)
  case reference(ReferenceSyntax, SourceSpan)
  case regex(pattern: String, flags: String, SourceSpan)
  case unary(Operator, ExpressionSyntax, SourceSpan)
  case binary(Operator, ExpressionSyntax, ExpressionSyntax, SourceSpan)
  case call(name: String, nameSpan: SourceSpan, arguments: [ExpressionSyntax], SourceSpan)
  /// An argument written as text with embedded references or calls: `Dear 1.name`, `a, b`.
  case textRun([TextRunPart], SourceSpan)
  /// Where a syntax error was reported; evaluates to the error.
  case invalid(SourceSpan)

  package var span: SourceSpan {
    switch self {
    case .literal(_, _, let span), .keyword(_, let span), .reference(_, let span), .regex(_, _, let span),
      .unary(_, _, let span), .binary(_, _, _, let span), .call(_, _, _, let span), .textRun(_, let span),
      .invalid(let span):
      span
    }
  }
}

package enum TextRunPart: Sendable, Hashable {
  case text(String)
  case expression(ExpressionSyntax)
}

/// Names with a fixed meaning inside `{{ … }}` (reference §4.7 and the variables of §4.1–4.6).
package enum Keyword: String, Sendable, Hashable, CaseIterable {
  case `true`, `false`, null, emptystring, emptyarray, space, nbsp, tab, newline, carriagereturn
  case ignore, erase
  case now, timestamp, pi, random, uuid, executionId

  /// The value of keywords that do not depend on the moment or the execution.
  package var constantValue: Value? {
    switch self {
    case .true: .boolean(true)
    case .false: .boolean(false)
    case .null, .ignore, .erase: .null
    case .emptystring: .text("")
    case .emptyarray: .array([])
    case .space: .text(" ")
    case .nbsp: .text("\u{00A0}")
    case .tab: .text("\t")
    case .newline: .text("\n")
    case .carriagereturn: .text("\r")
    case .pi: .number(Double.pi)
    case .now, .timestamp, .random, .uuid, .executionId: nil
    }
  }

  package var kind: ValueKind {
    switch self {
    case .true, .false: .boolean
    case .null, .ignore, .erase: .null
    case .emptystring, .space, .nbsp, .tab, .newline, .carriagereturn, .uuid, .executionId: .text
    case .emptyarray: .array
    case .now: .date
    case .timestamp, .pi, .random: .number
    }
  }
}
