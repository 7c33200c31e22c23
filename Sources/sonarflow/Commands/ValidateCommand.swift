import ArgumentParser
import Foundation
import ModuleCatalogue
import ScenarioModel
import Validation

/// `sonarflow validate`: static checks of scenario files, offline, for editors and CI.
struct ValidateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check scenario files without running them.",
    discussion: """
      Checks YAML syntax, keys, module names, required fields, value types, ids, routers, filters, \
      error handlers and mapping expressions. Exit status: 0 when there are no errors (warnings are \
      allowed unless --strict), 1 when there are errors, 2 for a wrong command line or a missing path.
      """
  )

  @Argument(help: "Scenario files or folders (searched recursively for .yaml and .yml files).")
  var paths: [String] = ["."]

  @Option(help: "Output format: human, json, github or sarif.")
  var format: Format = .human

  @Flag(help: "Treat warnings as errors.")
  var strict = false

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case human, json, github, sarif
  }

  func run() async throws {
    let files = try ScenarioLoading.files(under: paths)
    if files.isEmpty {
      Output.error("error: no scenario files (.yaml, .yml) under \(paths.joined(separator: ", "))")
      throw ExitCode(ExitStatus.usage)
    }

    let validator = Validator()
    var reports = validator.validate(files: files)
    if strict {
      for index in reports.indices {
        reports[index].diagnostics = reports[index].diagnostics.map {
          $0.severity == .warning ? $0.with(severity: .error) : $0
        }
      }
    }
    let diagnostics = reports.flatMap(\.diagnostics)
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.filter { $0.severity == .warning }.count

    switch format {
    case .human:
      let renderer = HumanRenderer(useColor: Output.isTerminal)
      // The text of each file a diagnostic points into, once: a scenario's as parsed; another file
      // (a data structure file beside it, a scenario that did not parse) read from disk.
      // A file that cannot be read is remembered as nil, so it is not tried again either.
      var sources: [String: SourceFile?] = [:]
      for report in reports where report.scenario != nil { sources[report.path] = report.scenario?.source }
      var text = ""
      for report in reports {
        for diagnostic in report.diagnostics {
          let file = diagnostic.location?.file ?? report.path
          let source = sources[file] ?? Self.source(of: file)
          sources[file] = .some(source)
          text += renderer.render(diagnostic, source: source)
        }
      }
      Output.write(text)
      Output.error(renderer.summary(errors: errors, warnings: warnings, files: files.count))
    case .json:
      Output.write(MachineRenderer.json(diagnostics) + "\n")
    case .github:
      Output.write(MachineRenderer.github(diagnostics))
    case .sarif:
      Output.write(MachineRenderer.sarif(diagnostics, toolVersion: Sonarflow.version) + "\n")
    }
    if errors > 0 { throw ExitCode(ExitStatus.failure) }
  }

  /// A file's text, for showing the offending line of a file validate did not parse into a scenario.
  private static func source(of path: String) -> SourceFile? {
    guard let data = FileManager.default.contents(atPath: path), data.count <= YAMLReader.maximumFileSize,
      let text = String(data: data, encoding: .utf8)
    else { return nil }
    return SourceFile(path: path, text: text)
  }
}
