/// One lexical unit inside `{{ … }}`, with its place in the template (Unicode scalars, 0-based).
package struct Token: Sendable, Hashable {
  package var kind: Kind
  package var offset: Int
  package var length: Int

  package var end: Int { offset + length }

  package enum Kind: Sendable, Hashable {
    /// A decimal literal written the way numbers are (`12`, `-3.5`); `007` and `+4` stay words.
    case number(Double)
    /// `"…"` with backslash escapes removed.
    case string(String)
    /// `1.a.b`, ``1.`first name` ``, `2.items[1].name`, `` `1` ``, `var.scenario.name`.
    case reference(ReferenceSyntax)
    /// Any other run of characters: a function name, a keyword, or literal text.
    case word(String)
    case `operator`(Operator)
    /// `/pattern/flags` written as a whole argument.
    case regex(pattern: String, flags: String)
    case leftParenthesis
    case rightParenthesis
    case semicolon
  }
}

/// A reference as written: a module's output or a variable, and the path into it.
package struct ReferenceSyntax: Sendable, Hashable {
  package enum Root: Sendable, Hashable {
    case module(Int)
    case variable
  }

  package var root: Root
  package var path: [PathComponent]
}

/// One step into a value: a collection key, a 1-based array position, or `[]` (every item).
package enum PathComponent: Sendable, Hashable {
  case key(String)
  case index(Int)
  case allItems
}

extension PathComponent: CustomStringConvertible {
  package var description: String {
    switch self {
    case .key(let key): key
    case .index(let index): "[\(index)]"
    case .allItems: "[]"
    }
  }
}

extension [PathComponent] {
  /// The path in Make's notation: `items[1].name`.
  package var dottedDescription: String {
    var text = ""
    for component in self {
      switch component {
      case .key(let key):
        if !text.isEmpty { text += "." }
        text += key
      default: text += component.description
      }
    }
    return text
  }
}

/// Binary and unary operators of the mapping language, with their precedence.
package enum Operator: String, Sendable, Hashable, CaseIterable {
  case plus = "+"
  case minus = "-"
  case times = "*"
  case divide = "/"
  case modulo = "mod"
  case equal = "="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case and
  case or

  /// Spellings, including make-skills' aliases `%`, `&` and `|`.
  package static let spellings: [String: Operator] = [
    "+": .plus, "-": .minus, "*": .times, "/": .divide, "mod": .modulo, "%": .modulo,
    "=": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater,
    ">=": .greaterOrEqual, "and": .and, "&": .and, "or": .or, "|": .or,
  ]

  /// Higher binds tighter: `* / mod` > `+ -` > comparisons > `and` > `or`.
  package var precedence: Int {
    switch self {
    case .or: 1
    case .and: 2
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: 3
    case .plus, .minus: 4
    case .times, .divide, .modulo: 5
    }
  }

  package var isArithmetic: Bool {
    switch self {
    case .plus, .minus, .times, .divide, .modulo: true
    default: false
    }
  }
}
