package import Engine
import Foundation
package import ScenarioModel
import Validation

/// Finds test files and loads each with the scenario it tests, validated and compiled as `run`
/// does, or with every diagnostic that stops it from running.
package enum ScenarioTestLoader {
  /// A test file ready to run.
  package struct Loaded: Sendable {
    package var file: ScenarioTestFile
    package var scenario: CompiledScenario
  }

  /// Why a test file cannot run: its own diagnostics or its scenario's, with the files they point
  /// into (for the source line under each message).
  package struct Problem: Error, Sendable, CustomStringConvertible {
    package var diagnostics: [Diagnostic]
    package var sources: [SourceFile]

    package var description: String {
      diagnostics.map { ($0.location.map { "\($0): " } ?? "") + $0.message }.joined(separator: "\n")
    }
  }

  /// The test files `paths` name: files as given, folders searched (recursively) for
  /// `*.test.yaml` and `*.test.yml`, in path order.
  package static func discover(_ paths: [String]) throws(Problem) -> [String] {
    do {
      return try ScenarioFiles.collectTests(paths)
    } catch {
      throw Problem(
        diagnostics: [
          Diagnostic(
            id: "test.noSuchPath", location: nil, message: "no such file or folder '\(error.path)'",
            fixHint: "Pass test files (*.test.yaml) or folders that hold them.")
        ], sources: [])
    }
  }

  package static func load(_ path: String) -> Result<Loaded, Problem> {
    let parsed = ScenarioTestParser.parse(contentsOf: path)
    guard let file = parsed.file else {
      return .failure(Problem(diagnostics: parsed.diagnostics, sources: parsed.source.map { [$0] } ?? []))
    }
    guard FileManager.default.fileExists(atPath: file.scenarioPath) else {
      return .failure(
        Problem(
          diagnostics: [
            Diagnostic(
              id: "test.noScenario", location: file.scenarioLocation ?? SourceLocation(file: path, line: 1, column: 1),
              message: "the scenario '\(file.scenarioPath)' does not exist",
              fixHint:
                "Name it with `scenario:` (relative to the test file), or put `<name>.test.yaml` beside `<name>.yaml`.")
          ], sources: [file.source]))
    }
    let scenario: CompiledScenario
    do {
      scenario = try ScenarioCompiler.load(path: file.scenarioPath)
    } catch {
      switch error {
      case .invalid(let diagnostics, let source):
        return .failure(Problem(diagnostics: diagnostics, sources: source.map { [$0] } ?? []))
      }
    }
    let problems = ScenarioTestParser.check(file, against: scenario.scenario)
    guard problems.isEmpty else { return .failure(Problem(diagnostics: problems, sources: [file.source])) }
    return .success(Loaded(file: file, scenario: scenario))
  }
}
