/// What a whole field evaluates to: a value, or one of Make's field directives.
package enum FieldValue: Sendable, Hashable {
  case value(Value)
  /// `ignore`: leave the field unset, as if it were not mapped.
  case ignore
  /// `erase`: send an explicit empty value (an empty array for array fields).
  case erase
}

typealias FieldEvaluator = @Sendable (EvaluationContext) throws(EvaluationError) -> FieldValue

extension Compiler {
  /// A field evaluator for a template that is one expression using `ignore` or `erase` in a
  /// branch of `if`, `ifempty` or `switch` (`{{if(1.x; 1.x; ignore)}}`). Compiled by a scratch
  /// compiler: its diagnostics and references duplicate the main pass and are dropped.
  static func fieldEvaluator(for syntax: ExpressionSyntax, library: FunctionLibrary) -> FieldEvaluator? {
    guard mentionsDirective(syntax) else { return nil }
    var scratch = Compiler(library: library, shapes: nil)
    return scratch.compileField(syntax)
  }

  private static func mentionsDirective(_ syntax: ExpressionSyntax) -> Bool {
    switch syntax {
    case .keyword(let keyword, _): keyword == .ignore || keyword == .erase
    case .call(let name, _, let arguments, _) where ["if", "ifempty", "switch"].contains(name):
      arguments.contains(where: mentionsDirective)
    default: false
    }
  }

  private mutating func compileField(_ syntax: ExpressionSyntax) -> FieldEvaluator {
    switch syntax {
    case .keyword(.ignore, _):
      return { _ in .ignore }
    case .keyword(.erase, _):
      return { _ in .erase }
    case .call("if", _, let arguments, _) where arguments.count == 3:
      let condition = compile(arguments[0]).0
      let then = compileField(arguments[1])
      let otherwise = compileField(arguments[2])
      return { context throws(EvaluationError) in
        Coercion.boolean(from: try condition(context)) ? try then(context) : try otherwise(context)
      }
    case .call("ifempty", _, let arguments, _) where arguments.count == 2:
      let first = compileField(arguments[0])
      let fallback = compileField(arguments[1])
      return { context throws(EvaluationError) in
        let value = try first(context)
        if case .value(let inner) = value, Coercion.isEmpty(inner) { return try fallback(context) }
        return value
      }
    case .call("switch", _, let arguments, _) where arguments.count >= 3:
      let subject = compile(arguments[0]).0
      var cases: [(Evaluator, FieldEvaluator)] = []
      var index = 1
      while index + 1 < arguments.count {
        cases.append((compile(arguments[index]).0, compileField(arguments[index + 1])))
        index += 2
      }
      let fallback = index < arguments.count ? compileField(arguments[index]) : nil
      let compiledCases = cases.map { FieldCase(match: $0.0, result: $0.1) }
      return { context throws(EvaluationError) in
        let value = try subject(context)
        for entry in compiledCases where Operators.equals(value, try entry.match(context)) {
          return try entry.result(context)
        }
        return try fallback?(context) ?? .value(.null)
      }
    default:
      let evaluator = compile(syntax).0
      return { context throws(EvaluationError) in .value(try evaluator(context)) }
    }
  }
}

private struct FieldCase: Sendable {
  let match: Evaluator
  let result: FieldEvaluator
}
