import ArgumentParser
import Basics
import Foundation
import ModuleCatalogue
import ScenarioModel

/// `sonarflow modules`: the module catalogue, with each module's fields and output.
struct ModulesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "modules",
    abstract: "List the modules scenarios can use, or describe one."
  )

  @Argument(help: "A module name such as sonar.sendMessage; all modules when left out.")
  var name: String?

  @Option(help: "Output format: human, json or markdown.")
  var format: Format = .human

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case human, json, markdown
  }

  func run() async throws {
    let catalogue = ModuleCatalogue.standard
    var selected = catalogue.modules
    if let name {
      guard let spec = catalogue[name] else {
        let hint = Suggestion.didYouMean(name, in: catalogue.names) ?? "Run 'sonarflow modules' to list them."
        Output.error("error: unknown module '\(name)'\n  help: \(hint)")
        throw ExitCode(ExitStatus.usage)
      }
      selected = [spec]
    }
    switch format {
    case .json:
      let value: Any = name == nil ? selected.map(\.jsonObject) : selected[0].jsonObject
      let data = try JSONSerialization.data(
        withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
      Output.write(String(decoding: data, as: UTF8.self) + "\n")
    case .markdown:
      Output.write(ModuleCatalogue(selected).markdownReference())
    case .human:
      Output.write(name == nil ? list(selected) : describe(selected[0]))
    }
  }

  private func list(_ modules: [ModuleSpec]) -> String {
    let width = modules.map(\.name.count).max() ?? 0
    var out = ""
    var app = ""
    for spec in modules {
      if spec.app != app {
        app = spec.app
        out += (out.isEmpty ? "" : "\n") + "\(app)\n"
      }
      let padded = spec.name.padding(toLength: width, withPad: " ", startingAt: 0)
      out += "  \(padded)  \(spec.label) (\(spec.kind.label))\n"
    }
    return out + "\nRun 'sonarflow modules NAME' for a module's fields and output.\n"
  }

  private func describe(_ spec: ModuleSpec) -> String {
    var out = "\(spec.name) — \(spec.label) (\(spec.app), \(spec.kind.label))\n\(spec.summary)\n"
    if let event = spec.sonarEvent { out += "Sonar event: \(event)\n" }
    if let call = spec.apiCall, spec.sonarEvent == nil { out += "Sonar call: \(call)\n" }
    if let timeout = spec.timeoutDescription { out += "Timeout: \(timeout)\n" }
    for (title, fields) in [("params", spec.params), ("map", spec.fields)] where !fields.isEmpty {
      out += "\n\(title):\n"
      for field in fields {
        let required = field.isRequired ? " (required)" : ""
        let defaultText = field.defaultValue.map { " [default: \($0)]" } ?? ""
        out += "  \(field.name): \(field.type.label)\(required)\(defaultText) — \(field.label). \(field.help)\n"
      }
    }
    for group in spec.requiresOneOf {
      out += "  At least one of: \(group.joined(separator: ", "))\n"
    }
    out += "\noutput:\n" + spec.output.outline().joined(separator: "\n") + "\n"
    return out
  }
}
