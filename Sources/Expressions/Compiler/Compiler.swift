import Basics
import Foundation
import ScenarioModel

/// Supplies the type of a module's output field, for static typing; `nil` when unknown.
package typealias ShapeResolver = (_ moduleID: Int, _ path: [PathComponent]) -> ValueKind?

/// Turns syntax into closures: function look-up, module ids and paths are resolved once, here.
/// Collects the static findings (unknown functions, arity, argument types) on the way.
struct Compiler {
  let library: FunctionLibrary
  let shapes: ShapeResolver?
  var diagnostics: [TemplateDiagnostic] = []
  var references: [TemplateReference] = []

  init(library: FunctionLibrary, shapes: ShapeResolver?) {
    self.library = library
    self.shapes = shapes
  }

  mutating func compile(_ syntax: ExpressionSyntax) -> (Evaluator, ValueKind) {
    switch syntax {
    case .literal(let value, _, _):
      return ({ _ in value }, value.kind)

    case .keyword(let keyword, _):
      return (Self.evaluator(for: keyword), keyword.kind)

    case .reference(let reference, let span):
      return compileReference(reference, span)

    case .regex(let pattern, let flags, let span):
      if let reason = RegexSupport.validate(pattern: pattern, flags: flags) {
        diagnostics.append(.invalidRegex(pattern, reason: reason, offset: span.offset, length: span.length))
      }
      let value = Value.text("/\(pattern)/\(flags)")
      return ({ _ in value }, .text)

    case .unary(let op, let operand, let span):
      let (inner, _) = compile(operand)
      let negate = op == .minus
      return (
        { context throws(EvaluationError) in
          let value = try inner(context)
          guard let number = Operators.numeric(value), value != .null else {
            throw EvaluationError.operatorType(op.rawValue, .number(0), value).at(
              offset: span.offset, length: span.length)
          }
          return .number(negate ? -number : number)
        }, .number
      )

    case .binary(let op, let leftSyntax, let rightSyntax, let span):
      let (left, leftKind) = compile(leftSyntax)
      let (right, rightKind) = compile(rightSyntax)
      let kind = Self.resultKind(op, leftKind, rightKind)
      switch op {
      case .and:
        return (
          { context throws(EvaluationError) in
            guard Coercion.boolean(from: try left(context)) else { return .boolean(false) }
            return .boolean(Coercion.boolean(from: try right(context)))
          }, kind
        )
      case .or:
        return (
          { context throws(EvaluationError) in
            if Coercion.boolean(from: try left(context)) { return .boolean(true) }
            return .boolean(Coercion.boolean(from: try right(context)))
          }, kind
        )
      default:
        return (
          { context throws(EvaluationError) in
            let a = try left(context)
            let b = try right(context)
            do throws(EvaluationError) { return try Operators.apply(op, a, b) } catch {
              throw error.at(offset: span.offset, length: span.length)
            }
          }, kind
        )
      }

    case .call(let name, let nameSpan, let argumentSyntax, let span):
      return compileCall(name, nameSpan, argumentSyntax, span)

    case .textRun(let parts, _):
      var pieces: [CompiledExpression] = []
      for part in parts {
        switch part {
        case .text(let text):
          let value = Value.text(text)
          pieces.append(CompiledExpression { _ in value })
        case .expression(let expression):
          pieces.append(CompiledExpression(evaluate: compile(expression).0))
        }
      }
      let compiled = pieces
      return (
        { context throws(EvaluationError) in
          var text = ""
          for piece in compiled { text += try Coercion.text(from: try piece.evaluate(context)) }
          return .text(text)
        }, .text
      )

    case .invalid(let span):
      let error = EvaluationError.invalidTemplate(
        "the expression is not valid", fixHint: nil, offset: span.offset, length: span.length)
      return ({ _ throws(EvaluationError) in throw error }, .any)
    }
  }

  /// `{{id.key}}`: the field of module `id`'s output, read where the output is kept; an output
  /// that is not a collection is read as a path (a key applied to an array applies to each item).
  @inline(__always)
  static func field(_ key: String, ofModule id: Int, in context: EvaluationContext) -> Value {
    if let value = context.field(key, ofModule: id) { return value }
    return context.output(ofModule: id).value(at: [.key(key)])
  }

  private static func evaluator(for keyword: Keyword) -> Evaluator {
    if let value = keyword.constantValue { return { _ in value } }
    switch keyword {
    case .now: return { context in .date(context.now) }
    case .timestamp: return { context in .number((context.now.timeIntervalSince1970).rounded(.down)) }
    case .random: return { _ in .number(Reproducible.random()) }
    case .uuid: return { _ in .text(Reproducible.id()) }
    case .executionId: return { context in .text(context.executionID) }
    default: return { _ in .null }
    }
  }

  private static func resultKind(_ op: Operator, _ left: ValueKind, _ right: ValueKind) -> ValueKind {
    switch op {
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .and, .or: return .boolean
    case .times, .divide, .modulo: return .number
    case .minus:
      if left == .date { return right == .date ? .number : (right == .number ? .date : .any) }
      return .number
    case .plus:
      if left == .number && right == .number { return .number }
      if (left == .date && right == .number) || (left == .number && right == .date) { return .date }
      if left == .text || right == .text { return .text }
      return .any
    }
  }

  private mutating func compileReference(_ reference: ReferenceSyntax, _ span: SourceSpan) -> (Evaluator, ValueKind) {
    let path = reference.path
    switch reference.root {
    case .module(let id):
      references.append(TemplateReference(moduleID: id, path: path, offset: span.offset, length: span.length))
      let kind = shapes?(id, path) ?? .any
      if path.isEmpty { return ({ context in context.output(ofModule: id) }, kind) }
      if case .key(let key) = path[0] {
        // The common `{{1.field}}`: one look-up in the output where it is kept, without building
        // or copying the bundle; a longer path goes on from that field.
        if path.count == 1 {
          return ({ context in Self.field(key, ofModule: id, in: context) }, kind)
        }
        let rest = Array(path.dropFirst())
        return (
          { context in
            if let value = context.field(key, ofModule: id) { return value.value(at: rest) }
            return context.output(ofModule: id).value(at: path)
          }, kind
        )
      }
      return ({ context in context.output(ofModule: id).value(at: path) }, kind)

    case .variable:
      guard case .key(let first) = path.first else { return ({ _ in .null }, .any) }
      if SystemVariables.namespaces.contains(first), path.count >= 2, case .key(let second) = path[1] {
        let name = "\(first).\(second)"
        if !SystemVariables.documented.contains(name) {
          diagnostics.append(
            .unknownVariable(
              name,
              suggestion: Suggestion.nearest(to: name, in: SystemVariables.documented).map {
                "Did you mean 'var.\($0)'?"
              },
              offset: span.offset, length: span.length))
        }
        let rest = Array(path.dropFirst(2))
        return ({ context in (context.systemVariable(named: name) ?? .null).value(at: rest) }, .any)
      }
      let rest = Array(path.dropFirst())
      return ({ context in (context.variable(named: first) ?? .null).value(at: rest) }, .any)
    }
  }

  /// A literal date format's letters that are no moment.js token (a warning: they print as is).
  private mutating func checkDateFormat(_ syntax: ExpressionSyntax) {
    guard case .literal(.text(let format), let isBareWord, let span) = syntax else { return }
    for word in DateTokens.strayWords(in: format) {
      diagnostics.append(
        .strayDateLetters(
          in: word.word, letters: word.letters, offset: span.offset + (isBareWord ? 0 : 1) + word.offset))
    }
  }

  private mutating func compileCall(
    _ name: String, _ nameSpan: SourceSpan, _ argumentSyntax: [ExpressionSyntax], _ span: SourceSpan
  ) -> (Evaluator, ValueKind) {
    var arguments: [CompiledExpression] = []
    var kinds: [ValueKind] = []
    for argument in argumentSyntax {
      let (evaluator, kind) = compile(argument)
      arguments.append(CompiledExpression(evaluate: evaluator))
      kinds.append(kind)
    }
    guard let spec = library.spec(named: name) else {
      // Edit distance is at least the length difference, and Suggestion accepts at most 4: skip
      // hopeless candidates before computing distances.
      let length = name.count
      let suggestion = Suggestion.didYouMean(name, in: library.names.lazy.filter { abs($0.count - length) <= 4 })
      diagnostics.append(
        .unknownFunction(name, suggestion: suggestion, offset: nameSpan.offset, length: nameSpan.length))
      let error = EvaluationError.unknownFunction(name, suggestion: suggestion).at(
        offset: nameSpan.offset, length: nameSpan.length)
      return ({ _ throws(EvaluationError) in throw error }, .any)
    }
    let given = argumentSyntax.count
    if given < spec.minimumArguments || (spec.maximumArguments.map { given > $0 } ?? false) {
      let diagnostic = TemplateDiagnostic.arity(
        function: name, expected: spec.maximumArguments.map { spec.minimumArguments...$0 },
        minimum: spec.minimumArguments,
        given: given, offset: span.offset, length: span.length)
      diagnostics.append(diagnostic)
      let error = diagnostic.evaluationError
      return ({ _ throws(EvaluationError) in throw error }, spec.result)
    }
    checkArgumentTypes(spec, argumentSyntax)
    if name == "formatDate" || name == "parseDate", argumentSyntax.count >= 2 {
      checkDateFormat(argumentSyntax[1])
    }
    let kind = spec.inferResult?(kinds) ?? spec.result
    let offset = span.offset
    let length = span.length
    let implementation = spec.specialize?(argumentSyntax.map(Self.constantValue)) ?? spec.implementation
    switch implementation {
    case .lazy(let body):
      let lazy = LazyArguments(evaluators: arguments)
      return (
        { context throws(EvaluationError) in
          do throws(EvaluationError) { return try body(lazy, context) } catch {
            throw error.at(offset: offset, length: length)
          }
        }, kind
      )
    case .eager(let body):
      // The name as written: an alias (arrayDifference, toNumber) is named in messages as the user wrote it.
      let functionName = name
      switch arguments.count {
      case 1:
        let a = arguments[0].evaluate
        return (
          { context throws(EvaluationError) in
            let arguments = Arguments(count: 1, try a(context), function: functionName)
            do throws(EvaluationError) { return try body(arguments, context) } catch {
              throw error.at(offset: offset, length: length)
            }
          }, kind
        )
      case 2:
        let a = arguments[0].evaluate
        let b = arguments[1].evaluate
        return (
          { context throws(EvaluationError) in
            let arguments = Arguments(count: 2, try a(context), try b(context), function: functionName)
            do throws(EvaluationError) { return try body(arguments, context) } catch {
              throw error.at(offset: offset, length: length)
            }
          }, kind
        )
      case 3:
        let a = arguments[0].evaluate
        let b = arguments[1].evaluate
        let c = arguments[2].evaluate
        return (
          { context throws(EvaluationError) in
            let arguments = Arguments(count: 3, try a(context), try b(context), try c(context), function: functionName)
            do throws(EvaluationError) { return try body(arguments, context) } catch {
              throw error.at(offset: offset, length: length)
            }
          }, kind
        )
      default:
        let compiled = arguments
        return (
          { context throws(EvaluationError) in
            var values: [Value] = []
            values.reserveCapacity(compiled.count)
            for argument in compiled { values.append(try argument.evaluate(context)) }
            do throws(EvaluationError) { return try body(Arguments(values, function: functionName), context) } catch {
              throw error.at(offset: offset, length: length)
            }
          }, kind
        )
      }
    }
  }

  /// The value of an argument known at compile time.
  private static func constantValue(_ syntax: ExpressionSyntax) -> Value? {
    switch syntax {
    case .literal(let value, _, _): value
    case .regex(let pattern, let flags, _): .text("/\(pattern)/\(flags)")
    case .keyword(let keyword, _): keyword.constantValue
    default: nil
    }
  }

  /// Literal arguments that can never coerce to the parameter's type.
  private mutating func checkArgumentTypes(_ spec: FunctionSpec, _ arguments: [ExpressionSyntax]) {
    for (index, argument) in arguments.enumerated() {
      guard let parameter = spec.parameter(at: index), case .literal(.text(let text), _, let span) = argument,
        !text.isEmpty
      else { continue }
      let fits: Bool
      switch parameter.kind {
      case .number: fits = NumberText.parse(text) != nil
      case .date: fits = LenientDateParser.parse(text, timeZone: TimeZone(identifier: "UTC") ?? .current) != nil
      default: fits = true
      }
      if !fits {
        diagnostics.append(
          .argumentType(
            function: spec.name, parameter: parameter.name, expected: parameter.kind, got: text, offset: span.offset,
            length: span.length))
      }
    }
  }
}
