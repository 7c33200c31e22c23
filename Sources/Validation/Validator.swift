import Foundation
package import ModuleCatalogue
package import ScenarioModel

/// One group of checks run over a parsed scenario. Passes only read; each returns its findings.
///
/// The structural and catalogue checks are passes; the mapping-expression checks plug in the same way.
package protocol ValidationPass: Sendable {
  func check(_ context: ValidationContext) -> [Diagnostic]
}

/// Runs every check over scenario files and gathers the findings, sorted by position.
package struct Validator: Sendable {
  package var catalogue: ModuleCatalogue
  package var passes: [any ValidationPass]

  package init(catalogue: ModuleCatalogue = .standard, passes: [any ValidationPass]? = nil) {
    self.catalogue = catalogue
    self.passes = passes ?? Self.standardPasses
  }

  /// The checks `sonarflow validate` runs.
  package static let standardPasses: [any ValidationPass] = [
    ModuleChecks(), FilterChecks(), AggregatorChecks(), SecretChecks(), ExpressionChecks(), DataStoreChecks(),
  ]

  /// The result of validating one file: the parsed scenario when it could be read, and findings.
  package struct Report: Sendable {
    package var path: String
    package var scenario: Scenario?
    package var diagnostics: [Diagnostic]

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
  }

  /// Validates the scenario file at `path` against the data structures declared beside it.
  package func validate(file path: String) -> Report {
    validate(files: [path])[0]
  }

  /// Validates the files at `paths`, in order. Each folder's data structures are read once, and
  /// the problems in its structure files are reported once, with the first of its scenarios.
  package func validate(files paths: [String]) -> [Report] {
    zip(paths, DataStructure.beside(each: paths)).map { path, structures in
      finish(path: path, ScenarioParser.parse(contentsOf: path), structures: structures)
    }
  }

  package func validate(_ source: SourceFile) -> Report {
    finish(path: source.path, ScenarioParser.parse(source))
  }

  private func finish(
    path: String, _ parsed: ScenarioParser.Output,
    structures: (structures: [String: DataStructure], diagnostics: [Diagnostic]) = ([:], [])
  ) -> Report {
    var diagnostics = parsed.diagnostics + structures.diagnostics
    if let scenario = parsed.scenario {
      var context = ValidationContext(scenario: scenario, catalogue: catalogue)
      context.dataStructures = structures.structures
      for pass in passes { diagnostics += pass.check(context) }
    }
    diagnostics.sort {
      ($0.location ?? SourceLocation(file: path, line: 0, column: 0))
        < ($1.location ?? SourceLocation(file: path, line: 0, column: 0))
    }
    return Report(path: path, scenario: parsed.scenario, diagnostics: Self.removingDuplicates(diagnostics))
  }

  private static func removingDuplicates(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var seen = Set<Diagnostic>()
    return diagnostics.filter { seen.insert($0).inserted }
  }
}
