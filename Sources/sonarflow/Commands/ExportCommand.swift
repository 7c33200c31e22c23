import ArgumentParser
import Foundation
import MakeBlueprint
import ScenarioModel
import Validation

/// `sonarflow export`: scenarios as other tools' files.
struct ExportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a sonarflow scenario as another tool's file.",
    subcommands: [ExportMakeCommand.self]
  )
}

/// `sonarflow export make`: a scenario file as a Make blueprint (docs/make-import.md).
struct ExportMakeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "make",
    abstract: "Write a scenario as a Make blueprint that Make's Import Blueprint reads.",
    discussion: """
      Modules keep their ids; what the import kept under 'make:' (designer positions, Make-only \
      settings, unsupported modules) is written back. Exit status: 0 when the blueprint was written, \
      1 when the scenario file has errors that stop the export, 2 when it cannot be read or written.
      """
  )

  @Argument(help: "The scenario file.")
  var scenario: String

  @Option(name: .shortAndLong, help: "Write the blueprint to this file instead of standard output.")
  var output: String?

  func run() async throws {
    guard let data = FileManager.default.contents(atPath: scenario) else {
      Output.error("error: cannot read '\(scenario)'")
      throw ExitCode(ExitStatus.usage)
    }
    let source: SourceFile
    switch YAMLReader.text(of: data, path: scenario) {
    case .success(let text): source = SourceFile(path: scenario, text: text)
    case .failure(let diagnostic):
      Output.error(HumanRenderer(useColor: false).render(diagnostic, source: nil))
      throw ExitCode(ExitStatus.failure)
    }
    let exported = BlueprintExporter.convert(source)
    guard let json = exported.json else {
      let renderer = HumanRenderer(useColor: false)
      Output.error(exported.diagnostics.map { renderer.render($0, source: source) }.joined())
      throw ExitCode(ExitStatus.failure)
    }
    if let output {
      guard FileManager.default.createFile(atPath: output, contents: Data(json.utf8)) else {
        Output.error("error: cannot write '\(output)'")
        throw ExitCode(ExitStatus.usage)
      }
    } else {
      Output.write(json)
    }
  }
}
