import ArgumentParser
import Foundation
import MakeBlueprint

/// `sonarflow import`: scenarios from other tools' files.
struct ImportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Turn another tool's scenario file into a sonarflow scenario.",
    subcommands: [ImportMakeCommand.self]
  )
}

/// `sonarflow import make`: a Make blueprint as a scenario file (docs/make-import.md).
struct ImportMakeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "make",
    abstract: "Turn a Make blueprint (Export Blueprint's JSON) into a scenario YAML file.",
    discussion: """
      Every module keeps its Make id; mapping expressions are copied verbatim. Modules of apps \
      sonarflow does not run become 'make.unsupported' modules that validate reports and export \
      writes back unchanged. The report (on standard output with --output, else on standard error) \
      lists per module and field what carried over exactly, what was adapted and what is unsupported. \
      Exit status: 0 when the scenario was written, 1 when the file is not a Make blueprint, 2 when \
      it cannot be read or written.
      """
  )

  @Argument(help: "The blueprint file, or '-' for standard input.")
  var blueprint: String

  @Option(name: .shortAndLong, help: "Write the scenario to this file instead of standard output.")
  var output: String?

  @Option(help: "Report format: human or json.")
  var report: ReportFormat = .human

  enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json
  }

  func run() async throws {
    guard let data = InputFile.data(blueprint) else {
      Output.error("error: cannot read '\(blueprint)'\n  help: Check the path, or pass '-' to read standard input.")
      throw ExitCode(ExitStatus.usage)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      Output.error("error: '\(blueprint)' is not UTF-8 text")
      throw ExitCode(ExitStatus.failure)
    }
    let imported: MakeImport
    do {
      imported = try BlueprintImporter.convert(text)
    } catch {
      Output.error("error: \(error.message)" + (error.hint.map { "\n  help: \($0)" } ?? ""))
      throw ExitCode(ExitStatus.failure)
    }
    let reportText =
      switch report {
      case .human: imported.report.human
      case .json: imported.report.json.text(pretty: true) + "\n"
      }
    if let output {
      guard FileManager.default.createFile(atPath: output, contents: Data(imported.yaml.utf8)) else {
        Output.error("error: cannot write '\(output)'")
        throw ExitCode(ExitStatus.usage)
      }
      Output.write(reportText)
    } else {
      Output.write(imported.yaml)
      Output.error(reportText)
    }
  }
}
