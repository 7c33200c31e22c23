import Foundation

/// A compiled template: text with `{{ … }}` parts, parsed and compiled once, evaluated per bundle
/// without looking at the source again.
///
/// ```swift
/// let template = Template.compile("Hi {{ifempty(2.first_name; \"there\")}}")
/// if template.analysis.hasErrors { … report template.analysis.diagnostics … }
/// let value = try template.evaluate(in: context)
/// ```
package struct Template: Sendable {
  /// Everything in one immutable object, so copying a template (into a compiled field, out of an
  /// enum payload when it is evaluated) retains one reference instead of each closure and array.
  private let storage: Storage

  private final class Storage: Sendable {
    let source: String
    let analysis: TemplateAnalysis
    let body: Body
    let firstError: EvaluationError?
    let directive: FieldDirective?
    let field: FieldEvaluator?
    /// The lone expression of a template that is nothing else (`{{3.value * 2}}`), without errors,
    /// directives or a field evaluator: most mappings, evaluated without going through `body`
    /// (reading the enum copied its payload, a retain and release per evaluation).
    let plain: Evaluator?
    /// A template that is only `{{id.key}}`, the most common mapping: read here without calling
    /// a closure (and retaining its context) per evaluation.
    let moduleField: (id: Int, key: String)?

    init(
      source: String, analysis: TemplateAnalysis, body: Body, firstError: EvaluationError?, directive: FieldDirective?,
      field: FieldEvaluator?, moduleField: (id: Int, key: String)?
    ) {
      self.source = source
      self.analysis = analysis
      self.body = body
      self.firstError = firstError
      self.directive = directive
      self.field = field
      if firstError == nil, directive == nil, field == nil, case .single(let evaluator) = body {
        plain = evaluator
        self.moduleField = moduleField
      } else {
        plain = nil
        self.moduleField = nil
      }
    }
  }

  package var source: String { storage.source }
  package var analysis: TemplateAnalysis { storage.analysis }
  /// The field directive when the whole template is a single `ignore` or `erase` keyword.
  package var directive: FieldDirective? { storage.directive }

  /// What the field should do when the whole template is a single `ignore` or `erase` keyword.
  package enum FieldDirective: String, Sendable, Hashable {
    /// Leave the field unset (as if it were not mapped).
    case ignore
    /// Send an explicit empty value (an empty array for array fields).
    case erase
  }

  private enum Body: Sendable {
    case constant(Value)
    case single(Evaluator)
    case mixed([Piece])
  }

  private enum Piece: Sendable {
    case text(String)
    case expression(Evaluator)
  }

  /// Parses and compiles `source`. Never fails: problems are in `analysis.diagnostics`, and
  /// evaluating a template with errors throws the first one.
  ///
  /// - Parameters:
  ///   - library: the functions the template may call.
  ///   - shapes: the type of `moduleID`'s output at `path`, when the caller knows it; used for
  ///     `analysis.resultKind`.
  package static func compile(
    _ source: String, library: FunctionLibrary = .standard, shapes: ShapeResolver? = nil
  ) -> Template {
    Template(source: source, library: library, shapes: shapes)
  }

  /// Static analysis only (the same work as `compile`, without keeping the closures).
  package static func analyze(
    _ source: String, library: FunctionLibrary = .standard, shapes: ShapeResolver? = nil
  ) -> TemplateAnalysis {
    compile(source, library: library, shapes: shapes).analysis
  }

  private init(source: String, library: FunctionLibrary, shapes: ShapeResolver?) {
    let (syntax, syntaxDiagnostics) = Parser.parse(source)
    var compiler = Compiler(library: library, shapes: shapes)
    var pieces: [Piece] = []
    var kinds: [ValueKind] = []
    var directive: FieldDirective?
    var field: FieldEvaluator?
    var moduleField: (id: Int, key: String)?
    var isLoneReference = false
    if syntax.parts.count == 1, case .expression(let expression) = syntax.parts[0] {
      if case .reference = expression { isLoneReference = true }
      field = Compiler.fieldEvaluator(for: expression, library: library)
      if case .reference(let reference, _) = expression, case .module(let id) = reference.root,
        reference.path.count == 1, case .key(let key) = reference.path[0]
      {
        moduleField = (id, key)
      }
    }
    for part in syntax.parts {
      switch part {
      case .text(let text): pieces.append(.text(text))
      case .expression(let expression):
        if case .keyword(let keyword, _) = expression {
          if keyword == .ignore { directive = .ignore }
          if keyword == .erase { directive = .erase }
        }
        let (evaluator, kind) = compiler.compile(expression)
        pieces.append(.expression(evaluator))
        kinds.append(kind)
      }
    }
    var diagnostics = syntaxDiagnostics + compiler.diagnostics
    diagnostics.sort { ($0.offset, $0.length, $0.id) < ($1.offset, $1.length, $1.id) }
    let resultKind: ValueKind
    let body: Body
    switch pieces.count {
    case 0:
      body = .constant(.text(""))
      resultKind = .text
    case 1:
      switch pieces[0] {
      case .text(let text):
        body = .constant(.text(text))
        resultKind = .text
      case .expression(let evaluator):
        body = .single(evaluator)
        resultKind = kinds.first ?? .any
      }
    default:
      body = .mixed(pieces)
      resultKind = .text
    }
    var analysis = TemplateAnalysis(diagnostics: diagnostics, references: compiler.references, resultKind: resultKind)
    analysis.isLoneReference = isLoneReference
    storage = Storage(
      source: source,
      analysis: analysis,
      body: body, firstError: diagnostics.first { $0.severity == .error }?.evaluationError,
      directive: pieces.count == 1 ? directive : nil, field: field, moduleField: moduleField)
  }

  /// The template's value: a lone `{{…}}` keeps its type; text with expressions is text, each
  /// value rendered as Make renders it (collections refused).
  package func evaluate(in context: EvaluationContext) throws(EvaluationError) -> Value {
    let storage = storage
    if let (id, key) = storage.moduleField { return Compiler.field(key, ofModule: id, in: context) }
    if let plain = storage.plain { return try plain(context) }
    if let firstError = storage.firstError { throw firstError }
    switch storage.body {
    case .constant(let value): return value
    case .single(let evaluator): return try evaluator(context)
    case .mixed(let pieces):
      var text = ""
      for piece in pieces {
        switch piece {
        case .text(let literal): text += literal
        case .expression(let evaluator):
          let value = try evaluator(context)
          if case .text(let string) = value { text += string } else { text += try Coercion.text(from: value) }
        }
      }
      return .text(text)
    }
  }

  /// The field's value, honouring `ignore` and `erase` also where they are chosen by `if`,
  /// `ifempty` or `switch` (`{{if(1.x; 1.x; ignore)}}`); `evaluate(in:)` gives null for them.
  package func evaluateField(in context: EvaluationContext) throws(EvaluationError) -> FieldValue {
    let storage = storage
    if let (id, key) = storage.moduleField { return .value(Compiler.field(key, ofModule: id, in: context)) }
    if let plain = storage.plain { return .value(try plain(context)) }
    if let firstError = storage.firstError { throw firstError }
    if let directive = storage.directive { return directive == .ignore ? .ignore : .erase }
    if let field = storage.field { return try field(context) }
    return .value(try evaluate(in: context))
  }

  /// `evaluate(in:)` rendered as text.
  package func render(in context: EvaluationContext) throws(EvaluationError) -> String {
    try Coercion.text(from: evaluate(in: context))
  }
}
