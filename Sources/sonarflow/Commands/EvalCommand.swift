import ArgumentParser
import Expressions
import Foundation
import ScenarioModel

/// `sonarflow eval TEMPLATE [--context FILE|-] [--timezone TZ] [--format text|json] [--now DATE]`
struct EvalCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Evaluate a mapping expression against module outputs.",
    discussion: """
      The context is a JSON object of module outputs keyed by module id, e.g. {"1": {"name": "Ann"}}; \
      an optional "variables" object holds custom variables ({{var.name}}).
      Example: sonarflow eval 'Hi {{upper(1.name)}}' --context bundle.json
      """
  )

  @Argument(help: "The template, e.g. 'Hi {{upper(1.name)}}'.")
  var template: String

  @Option(name: .long, help: "JSON file with module outputs keyed by module id; '-' reads standard input.")
  var context: String?

  @Option(name: .long, help: "IANA time zone of the scenario (default UTC).")
  var timezone: String = "UTC"

  @Option(name: .long, help: "Output format: text or json.")
  var format: String = "text"

  @Option(name: .long, help: "The value of 'now' (ISO 8601); default: the current time.")
  var now: String?

  func run() async throws {
    guard let outputFormat = OutputFormat(rawValue: format) else {
      throw usageError("unknown format '\(format)'", hint: "Use --format text or --format json.")
    }
    guard let timeZone = TimeZone(identifier: timezone) else {
      throw usageError("unknown time zone '\(timezone)'", hint: "Use an IANA name such as UTC or Europe/Prague.")
    }
    var evaluationContext = EvaluationContext(timeZone: timeZone, executionID: "eval")
    if let now {
      guard let date = LenientDateParser.parse(now, timeZone: timeZone) else {
        throw usageError("cannot read '\(now)' as a date", hint: "Use ISO 8601, e.g. 2026-01-02T03:04:05Z.")
      }
      evaluationContext.now = date
    }
    if let context { try load(context, into: &evaluationContext) }

    let compiled = Template.compile(template)
    for diagnostic in compiled.analysis.diagnostics where diagnostic.severity != .error {
      report(
        id: diagnostic.id, severity: diagnostic.severity.rawValue, message: diagnostic.message,
        hint: diagnostic.fixHint,
        offset: diagnostic.offset, length: diagnostic.length)
    }
    let errors = compiled.analysis.diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty {
      for diagnostic in errors {
        report(
          id: diagnostic.id, severity: "error", message: diagnostic.message, hint: diagnostic.fixHint,
          offset: diagnostic.offset, length: diagnostic.length)
      }
      throw ExitCode(1)
    }
    let value: Value
    do {
      value = try compiled.evaluate(in: evaluationContext)
    } catch {
      report(
        id: error.id, severity: "error", message: error.message, hint: error.fixHint, offset: error.offset ?? 0,
        length: error.length)
      throw ExitCode(1)
    }
    switch outputFormat {
    case .text: print(value.rendered)
    case .json: print(value.jsonText(prettyPrinted: false))
    }
  }

  private enum OutputFormat: String {
    case text, json
  }

  private func load(_ source: String, into evaluationContext: inout EvaluationContext) throws {
    guard let data = InputFile.data(source) else {
      throw usageError(
        "cannot read the context file '\(source)'", hint: "Check the path, or pass '-' to read standard input.")
    }
    let parsed: Value
    do {
      parsed = try Value(jsonData: data)
    } catch {
      throw usageError("the context is not valid JSON: \(error.description)", hint: nil)
    }
    guard case .collection(let entries) = parsed else {
      throw usageError(
        "the context must be a JSON object keyed by module id", hint: #"For example {"1": {"name": "Ann"}}."#)
    }
    for (key, output) in entries {
      if key == "variables", case .collection(let variables) = output {
        for (name, value) in variables { evaluationContext.setVariable(value, named: name) }
      } else if let id = Int(key), id >= 0 {
        evaluationContext.setOutput(output, ofModule: id)
      } else {
        throw usageError("context key '\(key)' is not a module id", hint: "Key module outputs by their numeric id.")
      }
    }
  }

  /// `<template>:LINE:COLUMN: severity: message`, the template line and a caret, then the hint.
  private func report(id: String, severity: String, message: String, hint: String?, offset: Int, length: Int) {
    let scalars = Array(template.unicodeScalars)
    var line = 1
    var lineStart = 0
    for (index, scalar) in scalars.enumerated() where index < offset && scalar == "\n" {
      line += 1
      lineStart = index + 1
    }
    let column = offset - lineStart + 1
    let lineEnd = scalars[lineStart...].firstIndex(of: "\n") ?? scalars.count
    let sourceLine = String(String.UnicodeScalarView(scalars[lineStart..<lineEnd]))
    var text = "<template>:\(line):\(column): \(severity): \(message)\n"
    text += sourceLine + "\n"
    text +=
      String(repeating: " ", count: max(0, column - 1)) + "^"
      + String(repeating: "~", count: max(0, min(length, lineEnd - offset) - 1)) + "\n"
    if let hint { text += "hint: \(hint)\n" }
    Output.error(text)
  }

  private func usageError(_ message: String, hint: String?) -> ExitCode {
    Output.error("error: \(message)\n" + (hint.map { "hint: \($0)\n" } ?? ""))
    return ExitCode(2)
  }
}
