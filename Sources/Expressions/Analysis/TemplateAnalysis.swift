/// What static analysis knows about a template without evaluating it.
package struct TemplateAnalysis: Sendable, Hashable {
  /// Syntax errors, unknown functions, wrong argument counts and type warnings, in template order.
  package var diagnostics: [TemplateDiagnostic]
  /// Every module reference, in template order.
  package var references: [TemplateReference]
  /// The type the template evaluates to: a lone `{{…}}` has its expression's type; text with
  /// expressions is text; plain text is text.
  package var resultKind: ValueKind
  /// The template is one `{{N.path}}` and nothing else: its value is that field's, so a field the
  /// module does not output leaves it empty (a function around the reference may not).
  package var isLoneReference = false

  package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// The ids of the modules the template reads, sorted, without repeats.
  package var referencedModuleIDs: [Int] { Array(Set(references.map(\.moduleID))).sorted() }
}
