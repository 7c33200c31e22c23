/// What static analysis knows about a template without evaluating it.
package struct TemplateAnalysis: Sendable, Hashable {
  /// Syntax errors, unknown functions, wrong argument counts and type warnings, in template order.
  package var diagnostics: [TemplateDiagnostic]
  /// Every module reference, in template order.
  package var references: [TemplateReference]
  /// The type the template evaluates to: a lone `{{…}}` has its expression's type; text with
  /// expressions is text; plain text is text.
  package var resultKind: ValueKind

  package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// The ids of the modules the template reads, sorted, without repeats.
  package var referencedModuleIDs: [Int] { Array(Set(references.map(\.moduleID))).sorted() }
}
